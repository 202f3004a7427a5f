using Consumables.Rules.Engine;

namespace Consumables.Rules.NRules.Translation;

/// <summary>
/// The one NRules fact of a translated evaluation: the working memory, which facts are asserted, which rules fired,
/// and the trace. Its methods are what the translated rules' expressions call, with the compiled engine's semantics.
/// </summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
/// <remarks>Lives for one evaluation, on one thread.</remarks>
internal sealed class RuleMemory<TFacts>
    where TFacts : struct
{
    private readonly RuleSetTranslation<TFacts> _translation;
    private readonly bool[] _fired;
    private FactMask _asserted;
    private string? _because;
    private string?[]? _contributions;

    internal RuleMemory(RuleSetTranslation<TFacts> translation, in TFacts facts, RuleTrace? trace)
    {
        _translation = translation;
        Facts = facts;
        _asserted = translation.Inputs;
        _fired = new bool[translation.Rules.Count];
        Trace = trace;
    }

    /// <summary>The working memory.</summary>
    internal TFacts Facts;

    internal RuleTrace? Trace { get; }

    /// <summary>Reads a fact's value.</summary>
    public T Read<T>(Fact<TFacts, T> fact) => fact.Slot(ref Facts);

    /// <summary>Whether the fact of this index is asserted so far.</summary>
    public bool IsAsserted(int index) => _asserted.Has(index);

    /// <summary>Whether the rule of this plan position has fired (each rule fires at most once, as in the compiled engine).</summary>
    public bool HasFired(int rule) => _fired[rule];

    /// <summary>Starts a firing: records what the rule matched, before its actions change the memory.</summary>
    public void Firing(int rule)
    {
        _fired[rule] = true;
        if (Trace is not null)
        {
            _because = _translation.Explain(rule, ref Facts, Trace.Formatter);
            _contributions = _translation.Contributions(rule, ref Facts, Trace.Formatter);
        }
    }

    /// <summary>Asserts a value: stored, or combined with the value so far for an aggregate already asserted.</summary>
    public void Assert<T>(Fact<TFacts, T> fact, int index, T value)
    {
        ref var slot = ref fact.Slot(ref Facts);
        slot = _asserted.Has(index) && fact.Aggregation is { } aggregation ? aggregation.Combine(slot, value) : value;
        _asserted.Set(index);
    }

    /// <summary>Ends a firing: the trace entry with the facts asserted.</summary>
    public void Fired(int rule)
    {
        if (Trace is not null)
        {
            Trace.Add(_translation.Entry(rule, _because!, _contributions!, ref Facts, Trace.Formatter));
        }
    }
}
