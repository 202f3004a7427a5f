using System.Collections.Immutable;

namespace Consumables.Rules.Engine;

/// <summary>Starts the definition of a rule.</summary>
public static class Rule
{
    /// <summary>Starts a rule with a name; chain <c>Describe</c>, <c>WithPriority</c>, <c>WithTags</c>, <c>When…</c> and <c>Then</c>.</summary>
    /// <typeparam name="TFacts">The working-memory struct.</typeparam>
    /// <param name="name">The rule's unique name (a policy clause, for example <c>price-basis/procurement-winner</c>).</param>
    /// <returns>A rule with no conditions and no actions.</returns>
    public static Rule<TFacts> Define<TFacts>(string name)
        where TFacts : struct => new(name ?? string.Empty, string.Empty, 0, [], [], [], null, false);
}

/// <summary>
/// A production rule: when every condition holds, its actions assert facts. Each DSL call returns a new rule, so a rule
/// is an immutable value that can be shared, replaced or disabled by name.
/// </summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class Rule<TFacts>
    where TFacts : struct
{
    internal Rule(
        string name,
        string description,
        int priority,
        ImmutableArray<string> tags,
        ImmutableArray<Condition<TFacts>> conditions,
        ImmutableArray<RuleAction<TFacts>> actions,
        Condition<TFacts>? key,
        bool halts)
    {
        Name = name;
        Description = description;
        Priority = priority;
        Tags = tags;
        Conditions = conditions;
        Actions = actions;
        Key = key;
        Halts = halts;
    }

    /// <summary>Gets the rule's unique name.</summary>
    public string Name { get; }

    /// <summary>Gets the description (the clause it implements, in the policy's words).</summary>
    public string Description { get; }

    /// <summary>Gets the priority: among rules free to run, higher runs first; a higher-priority rule wins a single fact.</summary>
    public int Priority { get; }

    /// <summary>Gets the tags, by which a rule set selects rules.</summary>
    public ImmutableArray<string> Tags { get; }

    /// <summary>Gets the conditions, tested in order.</summary>
    public ImmutableArray<Condition<TFacts>> Conditions { get; }

    /// <summary>Gets the actions, executed in order when every condition holds.</summary>
    public ImmutableArray<RuleAction<TFacts>> Actions { get; }

    /// <summary>Gets a value indicating whether evaluation stops after this rule fires.</summary>
    public bool Halts { get; }

    /// <summary>Gets the key condition (<see cref="WhenKey{TKey}"/>), by which the rule is found by hash; or <see langword="null"/>.</summary>
    internal Condition<TFacts>? Key { get; }

    /// <summary>Sets the description.</summary>
    /// <param name="description">The clause the rule implements, in the policy's words.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> Describe(string description) => With(description: description ?? string.Empty);

    /// <summary>Sets the priority.</summary>
    /// <param name="priority">Higher runs first among rules free to run.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WithPriority(int priority) => With(priority: priority);

    /// <summary>Adds tags.</summary>
    /// <param name="tags">The tags.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WithTags(params string[] tags) => With(tags: Tags.AddRange(tags));

    /// <summary>Adds a condition over one fact.</summary>
    /// <typeparam name="T">The fact's value type.</typeparam>
    /// <param name="fact">The fact read.</param>
    /// <param name="predicate">The test.</param>
    /// <param name="description">What the condition means, as traces show it.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> When<T>(Fact<TFacts, T> fact, Func<T, bool> predicate, string description)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(predicate);
        return With(conditions: Conditions.Add(new PredicateCondition<TFacts, T>(fact, predicate, description)));
    }

    /// <summary>Adds a condition over two facts.</summary>
    /// <typeparam name="T1">The first fact's value type.</typeparam>
    /// <typeparam name="T2">The second fact's value type.</typeparam>
    /// <param name="first">The first fact read.</param>
    /// <param name="second">The second fact read.</param>
    /// <param name="predicate">The test.</param>
    /// <param name="description">What the condition means.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> When<T1, T2>(Fact<TFacts, T1> first, Fact<TFacts, T2> second, Func<T1, T2, bool> predicate, string description)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(predicate);
        return With(conditions: Conditions.Add(new PredicateCondition<TFacts, T1, T2>(first, second, predicate, description)));
    }

    /// <summary>Adds a condition that a fact equals a value (cheaper than a predicate: no delegate call).</summary>
    /// <typeparam name="T">The fact's value type.</typeparam>
    /// <param name="fact">The fact read.</param>
    /// <param name="value">The value it must equal.</param>
    /// <param name="description">What the condition means.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WhenEquals<T>(Fact<TFacts, T> fact, T value, string description)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return With(conditions: Conditions.Add(new EqualsCondition<TFacts, T>(fact, value, negate: false, description)));
    }

    /// <summary>Adds a condition that a nullable fact holds a value (a one-byte compare, no delegate call).</summary>
    /// <typeparam name="T">The underlying value type.</typeparam>
    /// <param name="fact">The fact read.</param>
    /// <param name="description">What the condition means.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WhenHasValue<T>(Fact<TFacts, T?> fact, string description)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(fact);
        return With(conditions: Conditions.Add(new HasValueCondition<TFacts, T>(fact, description)));
    }

    /// <summary>Adds a condition that a fact differs from a value (cheaper than a predicate: no delegate call).</summary>
    /// <typeparam name="T">The fact's value type.</typeparam>
    /// <param name="fact">The fact read.</param>
    /// <param name="value">The value it must not equal.</param>
    /// <param name="description">What the condition means.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WhenNotEquals<T>(Fact<TFacts, T> fact, T value, string description)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return With(conditions: Conditions.Add(new EqualsCondition<TFacts, T>(fact, value, negate: true, description)));
    }

    /// <summary>Adds a condition that a fact is less than a value (for decimals an inline compare, no delegate call).</summary>
    /// <typeparam name="T">The fact's value type.</typeparam>
    /// <param name="fact">The fact read.</param>
    /// <param name="value">The bound.</param>
    /// <param name="description">What the condition means.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WhenLessThan<T>(Fact<TFacts, T> fact, T value, string description)
        where T : IComparable<T> => Compare(fact, Comparison.Less, value, description);

    /// <summary>Adds a condition that a fact is at most a value (for decimals an inline compare, no delegate call).</summary>
    /// <typeparam name="T">The fact's value type.</typeparam>
    /// <param name="fact">The fact read.</param>
    /// <param name="value">The bound.</param>
    /// <param name="description">What the condition means.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WhenAtMost<T>(Fact<TFacts, T> fact, T value, string description)
        where T : IComparable<T> => Compare(fact, Comparison.LessOrEqual, value, description);

    /// <summary>Adds a condition that a fact is greater than a value (for decimals an inline compare, no delegate call).</summary>
    /// <typeparam name="T">The fact's value type.</typeparam>
    /// <param name="fact">The fact read.</param>
    /// <param name="value">The bound.</param>
    /// <param name="description">What the condition means.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WhenGreaterThan<T>(Fact<TFacts, T> fact, T value, string description)
        where T : IComparable<T> => Compare(fact, Comparison.Greater, value, description);

    /// <summary>Adds a condition that a fact is at least a value (for decimals an inline compare, no delegate call).</summary>
    /// <typeparam name="T">The fact's value type.</typeparam>
    /// <param name="fact">The fact read.</param>
    /// <param name="value">The bound.</param>
    /// <param name="description">What the condition means.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WhenAtLeast<T>(Fact<TFacts, T> fact, T value, string description)
        where T : IComparable<T> => Compare(fact, Comparison.GreaterOrEqual, value, description);

    /// <summary>
    /// Keys the rule on a fact's value: the rule is considered only when the fact equals <paramref name="key"/>, and it is
    /// found by hash, so a rule set's cost does not grow with the number of keyed rules. One key per rule.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="fact">The fact keyed on (a catalogue code, a pooling area).</param>
    /// <param name="key">The value.</param>
    /// <returns>The new rule.</returns>
    /// <exception cref="InvalidOperationException">The rule already has a key.</exception>
    public Rule<TFacts> WhenKey<TKey>(Fact<TFacts, TKey> fact, TKey key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(fact);
        if (Key is not null)
        {
            throw new InvalidOperationException($"Rule '{Name}' already has a key; a rule has at most one.");
        }

        return With(key: new KeyCondition<TFacts, TKey>(fact, key));
    }

    /// <summary>Adds a condition that a fact has been asserted earlier in this evaluation.</summary>
    /// <param name="fact">The fact.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WhenAsserted(Fact<TFacts> fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return With(conditions: Conditions.Add(new AssertedCondition<TFacts>(fact, asserted: true)));
    }

    /// <summary>Adds a condition that a fact has not been asserted so far in this evaluation.</summary>
    /// <param name="fact">The fact.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> WhenNotAsserted(Fact<TFacts> fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return With(conditions: Conditions.Add(new AssertedCondition<TFacts>(fact, asserted: false)));
    }

    /// <summary>Asserts a constant value for a fact.</summary>
    /// <typeparam name="T">The fact's value type.</typeparam>
    /// <param name="fact">The fact asserted.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> Then<T>(Fact<TFacts, T> fact, T value)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return With(actions: Actions.Add(new ConstantAction<TFacts, T>(fact, value)));
    }

    /// <summary>Asserts the value another fact holds (copied inline, no delegate call).</summary>
    /// <typeparam name="T">The facts' value type.</typeparam>
    /// <param name="fact">The fact asserted.</param>
    /// <param name="source">The fact whose value is asserted.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> Then<T>(Fact<TFacts, T> fact, Fact<TFacts, T> source)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(source);
        return With(actions: Actions.Add(new CopyAction<TFacts, T>(fact, source)));
    }

    /// <summary>
    /// Asserts the value a nullable fact holds (copied inline, no delegate call); guard the rule with
    /// <see cref="WhenHasValue{T}"/>, since a fact holding no value asserts the type's default.
    /// </summary>
    /// <typeparam name="T">The underlying value type.</typeparam>
    /// <param name="fact">The fact asserted.</param>
    /// <param name="source">The nullable fact whose value is asserted.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> Then<T>(Fact<TFacts, T> fact, Fact<TFacts, T?> source)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(source);
        return With(actions: Actions.Add(new CopyValueAction<TFacts, T>(fact, source)));
    }

    /// <summary>Asserts a value computed from another fact.</summary>
    /// <typeparam name="TSource">The source fact's value type.</typeparam>
    /// <typeparam name="T">The asserted fact's value type.</typeparam>
    /// <param name="fact">The fact asserted.</param>
    /// <param name="source">The fact read.</param>
    /// <param name="compute">Computes the value.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> Then<TSource, T>(Fact<TFacts, T> fact, Fact<TFacts, TSource> source, Func<TSource, T> compute)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(compute);
        return With(actions: Actions.Add(new ComputedAction<TFacts, TSource, T>(fact, source, compute)));
    }

    /// <summary>Asserts a value computed from two other facts.</summary>
    /// <typeparam name="TSource1">The first source's value type.</typeparam>
    /// <typeparam name="TSource2">The second source's value type.</typeparam>
    /// <typeparam name="T">The asserted fact's value type.</typeparam>
    /// <param name="fact">The fact asserted.</param>
    /// <param name="first">The first fact read.</param>
    /// <param name="second">The second fact read.</param>
    /// <param name="compute">Computes the value.</param>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> Then<TSource1, TSource2, T>(Fact<TFacts, T> fact, Fact<TFacts, TSource1> first, Fact<TFacts, TSource2> second, Func<TSource1, TSource2, T> compute)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(compute);
        return With(actions: Actions.Add(new ComputedAction<TFacts, TSource1, TSource2, T>(fact, first, second, compute)));
    }

    /// <summary>Stops the evaluation after this rule fires (a line rejected needs nothing more).</summary>
    /// <returns>The new rule.</returns>
    public Rule<TFacts> Halt() => With(halts: true);

    /// <summary>Returns the rule's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;

    /// <summary>Gets every fact the rule reads: its key, its conditions' and its actions' sources.</summary>
    internal IEnumerable<Fact<TFacts>> Reads =>
        (Key?.Reads ?? []).Concat(Conditions.SelectMany(static c => c.Reads)).Concat(Actions.SelectMany(static a => a.Reads));

    private Rule<TFacts> Compare<T>(Fact<TFacts, T> fact, Comparison comparison, T value, string description)
        where T : IComparable<T>
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(value);
        return With(conditions: Conditions.Add(new ComparisonCondition<TFacts, T>(fact, comparison, value, description)));
    }

    private Rule<TFacts> With(
        string? description = null,
        int? priority = null,
        ImmutableArray<string>? tags = null,
        ImmutableArray<Condition<TFacts>>? conditions = null,
        ImmutableArray<RuleAction<TFacts>>? actions = null,
        Condition<TFacts>? key = null,
        bool? halts = null) =>
        new(Name, description ?? Description, priority ?? Priority, tags ?? Tags, conditions ?? Conditions, actions ?? Actions, key ?? Key, halts ?? Halts);
}
