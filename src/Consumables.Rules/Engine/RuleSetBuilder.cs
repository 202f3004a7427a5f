namespace Consumables.Rules.Engine;

/// <summary>
/// Collects the facts and rules of a rule set, lets users add, replace, disable and select rules by name or tag, and
/// compiles them into an immutable <see cref="CompiledRuleSet{TFacts}"/>.
/// </summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
/// <remarks>Not thread-safe while being built; the compiled set is.</remarks>
public sealed class RuleSetBuilder<TFacts>
    where TFacts : struct
{
    private readonly List<Fact<TFacts>> _inputs = [];
    private readonly List<Rule<TFacts>> _rules = [];
    private readonly List<RuleCompilationError> _errors = [];
    private readonly HashSet<string> _disabled = new(StringComparer.Ordinal);
    private readonly HashSet<string> _selectedTags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _excludedTags = new(StringComparer.Ordinal);

    /// <summary>Initializes a new builder.</summary>
    /// <param name="name">The rule set's name.</param>
    /// <param name="version">The rule set's version (for example the policy version it goes with).</param>
    public RuleSetBuilder(string name, string version = "1")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Version = version ?? string.Empty;
    }

    /// <summary>Gets the rule set's name.</summary>
    public string Name { get; }

    /// <summary>Gets the rule set's version.</summary>
    public string Version { get; }

    /// <summary>Gets the rules added so far, in declaration order.</summary>
    public IReadOnlyList<Rule<TFacts>> Rules => _rules;

    /// <summary>Declares an input fact, which the caller fills before evaluating.</summary>
    /// <param name="fact">The fact.</param>
    /// <returns>This builder.</returns>
    public RuleSetBuilder<TFacts> Input(Fact<TFacts> fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        if (fact.Kind != FactKind.Input)
        {
            _errors.Add(new(RuleCompilationErrorCode.InvalidFactKind, $"Fact '{fact.Name}' is declared as an input but is a {fact.Kind.ToString().ToLowerInvariant()} fact.", []));
        }
        else if (!_inputs.Contains(fact))
        {
            _inputs.Add(fact);
        }

        return this;
    }

    /// <summary>Adds a rule at the end of the declaration order.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public RuleSetBuilder<TFacts> Add(Rule<TFacts> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _rules.Add(rule);
        return this;
    }

    /// <summary>Replaces the rule of the given name, keeping its place in the declaration order.</summary>
    /// <param name="name">The name of the rule to replace.</param>
    /// <param name="rule">The new rule (its name may differ).</param>
    /// <returns>This builder.</returns>
    public RuleSetBuilder<TFacts> Replace(string name, Rule<TFacts> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var index = _rules.FindIndex(r => r.Name == name);
        if (index < 0)
        {
            _errors.Add(new(RuleCompilationErrorCode.UnknownRule, $"Cannot replace rule '{name}': no rule has that name.", [name]));
        }
        else
        {
            _rules[index] = rule;
        }

        return this;
    }

    /// <summary>Disables the rule of the given name: compiling then equals compiling without it.</summary>
    /// <param name="name">The rule's name.</param>
    /// <returns>This builder.</returns>
    public RuleSetBuilder<TFacts> Disable(string name)
    {
        if (!_rules.Exists(r => r.Name == name))
        {
            _errors.Add(new(RuleCompilationErrorCode.UnknownRule, $"Cannot disable rule '{name}': no rule has that name.", [name]));
        }

        _disabled.Add(name);
        return this;
    }

    /// <summary>Keeps only rules carrying at least one of the tags (called again, adds tags to the selection).</summary>
    /// <param name="tags">The tags.</param>
    /// <returns>This builder.</returns>
    public RuleSetBuilder<TFacts> SelectTags(params string[] tags)
    {
        _selectedTags.UnionWith(tags);
        return this;
    }

    /// <summary>Removes rules carrying any of the tags.</summary>
    /// <param name="tags">The tags.</param>
    /// <returns>This builder.</returns>
    public RuleSetBuilder<TFacts> ExcludeTags(params string[] tags)
    {
        _excludedTags.UnionWith(tags);
        return this;
    }

    /// <summary>Compiles the rules into an immutable, thread-safe evaluator.</summary>
    /// <returns>The compiled rule set.</returns>
    /// <exception cref="RuleCompilationException">The rule set has problems; every one is listed.</exception>
    public CompiledRuleSet<TFacts> Compile()
    {
        var active = _rules
            .Where(r => !_disabled.Contains(r.Name))
            .Where(r => _selectedTags.Count == 0 || r.Tags.Any(_selectedTags.Contains))
            .Where(r => !r.Tags.Any(_excludedTags.Contains))
            .ToList();
        return RuleCompiler<TFacts>.Compile(Name, Version, _inputs, active, _errors);
    }
}
