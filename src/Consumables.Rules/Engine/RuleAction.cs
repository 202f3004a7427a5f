using System.Linq.Expressions;
namespace Consumables.Rules.Engine;

/// <summary>An action of a rule: asserts a value for one fact, constant or computed from facts it reads.</summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
/// <remarks>Immutable and thread-safe. Actions are made by the <see cref="Rule{TFacts}"/> DSL.</remarks>
public abstract class RuleAction<TFacts>
    where TFacts : struct
{
    private protected RuleAction(Fact<TFacts> target, IReadOnlyList<Fact<TFacts>> reads)
    {
        Target = target;
        Reads = reads;
    }

    /// <summary>Gets the fact the action asserts.</summary>
    public Fact<TFacts> Target { get; }

    /// <summary>Gets the facts the action reads to compute its value.</summary>
    public IReadOnlyList<Fact<TFacts>> Reads { get; }

    /// <summary>Gets a value indicating whether the action asserts a constant (two constants can be compared at compile time).</summary>
    internal abstract bool IsConstant { get; }

    /// <summary>Says whether two constant actions assert the same value.</summary>
    internal abstract bool SameConstant(RuleAction<TFacts> other);

    /// <summary>Returns the action as one inline assertion of a <see cref="RuleProgram{TFacts}"/> when it can be one.</summary>
    /// <param name="bit">The target's fact index.</param>
    /// <param name="assertion">The instruction.</param>
    internal virtual bool TryLower(int bit, out Instruction assertion)
    {
        assertion = default;
        return false;
    }

    /// <summary>Asserts the value: stores it, or combines it with the value so far for an aggregate fact that already has one.</summary>
    internal abstract void Execute(ref TFacts facts, bool alreadyAsserted);

    /// <summary>Renders the value this action contributes before any combining (for a trace).</summary>
    internal abstract string Contribution(ref TFacts facts, TraceFormatter formatter);

    /// <summary>Returns the asserted value as an expression (of the target's value type) over a working memory read by <paramref name="facts"/>.</summary>
    internal abstract Expression ValueExpression(IFactExpressions<TFacts> facts);
}

/// <summary>Asserts values of type <typeparamref name="T"/>.</summary>
internal abstract class AssertAction<TFacts, T>(Fact<TFacts, T> target, IReadOnlyList<Fact<TFacts>> reads) : RuleAction<TFacts>(target, reads)
    where TFacts : struct
{
    private readonly Func<T, T, T>? _combine = target.Aggregation?.Combine;

    /// <summary>Gets the asserted fact, typed.</summary>
    internal Fact<TFacts, T> TypedTarget => target;

    /// <summary>Gets a value indicating whether the action asserts a constant; only <see cref="ConstantAction{TFacts, T}"/> does.</summary>
    internal override bool IsConstant => false;

    internal override bool SameConstant(RuleAction<TFacts> other) => false;

    internal abstract T Value(ref TFacts facts);

    internal override string Contribution(ref TFacts facts, TraceFormatter formatter) => formatter.Format(target, Value(ref facts));

    internal override void Execute(ref TFacts facts, bool alreadyAsserted)
    {
        var value = Value(ref facts);
        ref var slot = ref target.Slot(ref facts);
        slot = alreadyAsserted && _combine is not null ? _combine(slot, value) : value;
    }
}

internal sealed class ConstantAction<TFacts, T>(Fact<TFacts, T> target, T value) : AssertAction<TFacts, T>(target, [])
    where TFacts : struct
{
    internal override bool IsConstant => true;

    internal override bool SameConstant(RuleAction<TFacts> other) =>
        other is ConstantAction<TFacts, T> constant && EqualityComparer<T>.Default.Equals(value, constant.Constant);

    private T Constant => value;

    internal override T Value(ref TFacts facts) => value;

    internal override Expression ValueExpression(IFactExpressions<TFacts> facts) => Expression.Constant(value, typeof(T));

    internal override bool TryLower(int bit, out Instruction assertion) => Lowering.TryAssertConstant(TypedTarget, bit, value, out assertion);
}

internal sealed class ComputedAction<TFacts, TSource, T>(Fact<TFacts, T> target, Fact<TFacts, TSource> source, Func<TSource, T> compute)
    : AssertAction<TFacts, T>(target, [source])
    where TFacts : struct
{
    internal override T Value(ref TFacts facts) => compute(source.Slot(ref facts));

    internal override Expression ValueExpression(IFactExpressions<TFacts> facts) => FactExpression.Call(compute, facts.Read(source));
}

internal sealed class ComputedAction<TFacts, TSource1, TSource2, T>(Fact<TFacts, T> target, Fact<TFacts, TSource1> first, Fact<TFacts, TSource2> second, Func<TSource1, TSource2, T> compute)
    : AssertAction<TFacts, T>(target, [first, second])
    where TFacts : struct
{
    internal override T Value(ref TFacts facts) => compute(first.Slot(ref facts), second.Slot(ref facts));

    internal override Expression ValueExpression(IFactExpressions<TFacts> facts) => FactExpression.Call(compute, facts.Read(first), facts.Read(second));
}

/// <summary>Asserts the value another fact of the same type holds.</summary>
internal sealed class CopyAction<TFacts, T>(Fact<TFacts, T> target, Fact<TFacts, T> source) : AssertAction<TFacts, T>(target, [source])
    where TFacts : struct
{
    internal override T Value(ref TFacts facts) => source.Slot(ref facts);

    internal override Expression ValueExpression(IFactExpressions<TFacts> facts) => facts.Read(source);

    internal override bool TryLower(int bit, out Instruction assertion) => Lowering.TryAssertCopy(TypedTarget, bit, source.Offset, out assertion);
}

/// <summary>Asserts the value a nullable fact holds (its default when it holds none; guard the rule with <c>WhenHasValue</c>).</summary>
internal sealed class CopyValueAction<TFacts, T>(Fact<TFacts, T> target, Fact<TFacts, T?> source) : AssertAction<TFacts, T>(target, [source])
    where TFacts : struct
    where T : struct
{
    internal override T Value(ref TFacts facts) => source.Slot(ref facts).GetValueOrDefault();

    internal override Expression ValueExpression(IFactExpressions<TFacts> facts) => Expression.Call(facts.Read(source), typeof(T?).GetMethod(nameof(Nullable<T>.GetValueOrDefault), Type.EmptyTypes)!);

    internal override bool TryLower(int bit, out Instruction assertion) => Lowering.TryAssertCopy(TypedTarget, bit, Lowering.ValueOffset(source), out assertion);
}
