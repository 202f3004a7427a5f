using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>A condition of a rule: a description, the facts it reads, and a test over the working memory.</summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
/// <remarks>Immutable and thread-safe. Conditions are made by the <see cref="Rule{TFacts}"/> DSL.</remarks>
public abstract class Condition<TFacts>
    where TFacts : struct
{
    private protected Condition(string description, IReadOnlyList<Fact<TFacts>> reads)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Description = description;
        Reads = reads;
    }

    /// <summary>Gets the description, as traces show it ("the product won volume-based procurement").</summary>
    public string Description { get; }

    /// <summary>Gets the facts the condition reads.</summary>
    public IReadOnlyList<Fact<TFacts>> Reads { get; }

    /// <summary>Tests the condition; <paramref name="mask"/> says which facts are asserted so far.</summary>
    internal abstract bool Test(ref TFacts facts, in FactMask mask);

    /// <summary>Returns the condition as a boolean expression over a working memory read by <paramref name="facts"/>, testing exactly what <see cref="Test"/> tests.</summary>
    internal abstract Expression ToExpression(IFactExpressions<TFacts> facts);

    /// <summary>Returns the condition as one inline test of a <see cref="RuleProgram{TFacts}"/> when it can be one.</summary>
    internal virtual bool TryLower(out Instruction test)
    {
        test = default;
        return false;
    }

    /// <summary>Binds fact indexes (only conditions on whether a fact is asserted need them).</summary>
    internal virtual Condition<TFacts> Bind(Func<Fact, int> indexOf) => this;

    /// <summary>
    /// Describes the test, whether it held and the values it saw, for a trace: <c>insutype is 310 — held (310)</c>. A
    /// value is named unless the description starts with its fact's name.
    /// </summary>
    internal string Explain(ref TFacts facts, bool held, TraceFormatter formatter)
    {
        var verdict = held ? "held" : "failed";
        if (Reads.Count == 0)
        {
            return $"{Description} — {verdict}";
        }

        var values = new string[Reads.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var value = Reads[i].Render(ref facts, formatter);
            values[i] = Reads.Count == 1 && Description.StartsWith(Reads[i].Name + " ", StringComparison.Ordinal) ? value : $"{Reads[i].Name} = {value}";
        }

        return $"{Description} — {verdict} ({string.Join(", ", values)})";
    }
}

/// <summary>A condition over one fact's value.</summary>
internal sealed class PredicateCondition<TFacts, T>(Fact<TFacts, T> fact, Func<T, bool> predicate, string description)
    : Condition<TFacts>(description, [fact])
    where TFacts : struct
{
    internal override bool Test(ref TFacts facts, in FactMask mask) => predicate(fact.Slot(ref facts));

    internal override Expression ToExpression(IFactExpressions<TFacts> facts) => FactExpression.Call(predicate, facts.Read(fact));
}

/// <summary>A condition over two facts' values.</summary>
internal sealed class PredicateCondition<TFacts, T1, T2>(Fact<TFacts, T1> first, Fact<TFacts, T2> second, Func<T1, T2, bool> predicate, string description)
    : Condition<TFacts>(description, [first, second])
    where TFacts : struct
{
    internal override bool Test(ref TFacts facts, in FactMask mask) => predicate(first.Slot(ref facts), second.Slot(ref facts));

    internal override Expression ToExpression(IFactExpressions<TFacts> facts) => FactExpression.Call(predicate, facts.Read(first), facts.Read(second));
}

/// <summary>A fact equals (or, negated, differs from) a constant; no delegate call.</summary>
internal sealed class EqualsCondition<TFacts, T>(Fact<TFacts, T> fact, T value, bool negate, string description)
    : Condition<TFacts>(description, [fact])
    where TFacts : struct
{
    internal override bool Test(ref TFacts facts, in FactMask mask) => EqualityComparer<T>.Default.Equals(fact.Slot(ref facts), value) != negate;

    internal override Expression ToExpression(IFactExpressions<TFacts> facts) => FactExpression.Equal(facts.Read(fact), value, negate);

    internal override bool TryLower(out Instruction test) => Lowering.TryEquality(fact, value, negate, out test);
}

/// <summary>The key of a keyed rule: a fact equal to a constant, by which keyed rules are grouped and found by hash.</summary>
internal sealed class KeyCondition<TFacts, TKey>(Fact<TFacts, TKey> fact, TKey value)
    : Condition<TFacts>($"{fact.Name} is {Fact.Render(value)}", [fact]), IKeyCondition<TFacts>
    where TFacts : struct
    where TKey : notnull
{
    public Fact<TFacts> KeyFact => fact;

    public object KeyValue => value;

    public KeyedGroup<TFacts> CreateStep(IReadOnlyList<CompiledRule<TFacts>> rules)
    {
        var map = new Dictionary<TKey, CompiledRule<TFacts>[]>();
        foreach (var group in rules.GroupBy(static r => ((KeyCondition<TFacts, TKey>)r.Rule.Key!).Value))
        {
            map[group.Key] = [.. group];
        }

        return new KeyedGroup<TFacts, TKey>(fact, map);
    }

    internal override bool Test(ref TFacts facts, in FactMask mask) => EqualityComparer<TKey>.Default.Equals(fact.Slot(ref facts), value);

    internal override Expression ToExpression(IFactExpressions<TFacts> facts) => FactExpression.Equal(facts.Read(fact), value, negate: false);

    private TKey Value => value;
}

/// <summary>A nullable fact holds a value; a one-byte compare of its has-value flag when the layout allows.</summary>
internal sealed class HasValueCondition<TFacts, T>(Fact<TFacts, T?> fact, string description)
    : Condition<TFacts>(description, [fact])
    where TFacts : struct
    where T : struct
{
    private static readonly bool FlagFirst = Lowering.HasValueFlagFirst<T>();

    internal override bool Test(ref TFacts facts, in FactMask mask) => fact.Slot(ref facts).HasValue;

    internal override Expression ToExpression(IFactExpressions<TFacts> facts) => Expression.Property(facts.Read(fact), nameof(Nullable<T>.HasValue));

    internal override bool TryLower(out Instruction test)
    {
        test = new Instruction { Code = OpCode.Equal1, Offset = fact.Offset, Value = new Bits16 { Low = 1 } };
        return FlagFirst && fact.Offset >= 0;
    }
}

/// <summary>How a <see cref="ComparisonCondition{TFacts, T}"/> compares a fact with its constant.</summary>
internal enum Comparison
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>A fact compares with a constant (less than, at most, greater than, at least); an inline test for decimals.</summary>
internal sealed class ComparisonCondition<TFacts, T>(Fact<TFacts, T> fact, Comparison comparison, T value, string description)
    : Condition<TFacts>(description, [fact])
    where TFacts : struct
    where T : IComparable<T>
{
    internal override bool Test(ref TFacts facts, in FactMask mask)
    {
        var order = fact.Slot(ref facts).CompareTo(value);
        return comparison switch
        {
            Comparison.Less => order < 0,
            Comparison.LessOrEqual => order <= 0,
            Comparison.Greater => order > 0,
            _ => order >= 0,
        };
    }

    internal override Expression ToExpression(IFactExpressions<TFacts> facts)
    {
        var order = Expression.Call(facts.Read(fact), typeof(IComparable<T>).GetMethod(nameof(IComparable<T>.CompareTo))!, Expression.Constant(value, typeof(T)));
        var zero = Expression.Constant(0);
        return comparison switch
        {
            Comparison.Less => Expression.LessThan(order, zero),
            Comparison.LessOrEqual => Expression.LessThanOrEqual(order, zero),
            Comparison.Greater => Expression.GreaterThan(order, zero),
            _ => Expression.GreaterThanOrEqual(order, zero),
        };
    }

    internal override bool TryLower(out Instruction test)
    {
        test = default;
        if (typeof(T) != typeof(decimal) || fact.Offset < 0)
        {
            return false;
        }

        test = Lowering.DecimalTest(OpCode.DecimalLess + (byte)comparison, fact.Offset, Unsafe.As<T, decimal>(ref Unsafe.AsRef(in value)));
        return true;
    }
}

/// <summary>A fact has (or has not) been asserted so far in this evaluation.</summary>
internal sealed class AssertedCondition<TFacts>(Fact<TFacts> fact, bool asserted, int index = -1)
    : Condition<TFacts>(asserted ? $"{fact.Name} is asserted" : $"{fact.Name} is not asserted", [fact])
    where TFacts : struct
{
    internal override bool Test(ref TFacts facts, in FactMask mask) => mask.Has(index) == asserted;

    internal override Expression ToExpression(IFactExpressions<TFacts> facts) =>
        asserted ? facts.IsAsserted(fact) : Expression.Not(facts.IsAsserted(fact));

    internal override Condition<TFacts> Bind(Func<Fact, int> indexOf) => new AssertedCondition<TFacts>(fact, asserted, indexOf(fact));

    internal override bool TryLower(out Instruction test)
    {
        test = new Instruction { Code = asserted ? OpCode.Asserted : OpCode.NotAsserted, Bit = index };
        return index >= 0;
    }
}

/// <summary>A key condition: a fact equal to a constant, by which keyed rules are grouped and found by hash.</summary>
internal interface IKeyCondition<TFacts>
    where TFacts : struct
{
    Fact<TFacts> KeyFact { get; }

    object KeyValue { get; }

    /// <summary>Creates the plan step that finds these rules (all keyed on <see cref="KeyFact"/>) by hash.</summary>
    KeyedGroup<TFacts> CreateStep(IReadOnlyList<CompiledRule<TFacts>> rules);
}
