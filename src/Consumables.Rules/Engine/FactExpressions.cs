using System.Linq.Expressions;

namespace Consumables.Rules.Engine;

/// <summary>
/// How another engine reads a working memory in an expression tree: each rule's conditions and actions describe
/// themselves as expressions over what this gives them, so a rule set can be translated (to NRules) with exactly the
/// engine's own semantics and no second copy of the rules.
/// </summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
internal interface IFactExpressions<TFacts>
    where TFacts : struct
{
    /// <summary>Returns an expression of the fact's current value (of the fact's value type).</summary>
    Expression Read(Fact<TFacts> fact);

    /// <summary>Returns a boolean expression: whether the fact has been asserted so far in this evaluation.</summary>
    Expression IsAsserted(Fact<TFacts> fact);
}

/// <summary>Builds the expressions of the engine's tests exactly as <c>Test</c> runs them.</summary>
internal static class FactExpression
{
    /// <summary><c>EqualityComparer&lt;T&gt;.Default.Equals(value, constant)</c>, negated when asked.</summary>
    internal static Expression Equal<T>(Expression value, T constant, bool negate)
    {
        var comparer = Expression.Constant(EqualityComparer<T>.Default);
        var equal = Expression.Call(comparer, typeof(EqualityComparer<T>).GetMethod(nameof(EqualityComparer<T>.Equals), [typeof(T), typeof(T)])!, value, Expression.Constant(constant, typeof(T)));
        return negate ? Expression.Not(equal) : equal;
    }

    /// <summary>A delegate called on the values (a predicate or a computation the DSL cannot say otherwise).</summary>
    internal static Expression Call(Delegate function, params Expression[] arguments) => Expression.Invoke(Expression.Constant(function), arguments);
}
