using System.Collections.Frozen;
using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>What running one rule did.</summary>
internal enum RunResult
{
    NotFired,
    Fired,
    Halted,
}

/// <summary>Trace bookkeeping of one traced evaluation: the trace, and which rule decided each single fact.</summary>
internal sealed class TraceState(RuleTrace trace, int facts)
{
    internal RuleTrace Trace { get; } = trace;

    internal string?[] DecidedBy { get; } = new string?[facts];
}

/// <summary>
/// A rule bound to one rule set's fact indexes. Untraced evaluation runs it as a block of a <see cref="RuleProgram{TFacts}"/>;
/// a traced run goes through <see cref="Run(ref TFacts, ref FactMask, TraceState)"/>, which tests the conditions in their
/// declared order so the trace names the first one that failed. Conditions are pure, so both give the same result.
/// </summary>
internal sealed class CompiledRule<TFacts>
    where TFacts : struct
{
    private readonly Condition<TFacts>[] _conditions;
    private readonly RuleAction<TFacts>[] _actions;
    private readonly int[] _allTargets;
    private readonly FactMask _targets;
    private readonly FactMask _singleTargets;

    internal CompiledRule(Rule<TFacts> rule, Func<Fact, int> indexOf)
    {
        Rule = rule;
        _conditions = [.. rule.Conditions.Select(c => c.Bind(indexOf))];
        _actions = [.. rule.Actions];
        _allTargets = [.. rule.Actions.Select(a => indexOf(a.Target))];
        for (var i = 0; i < _actions.Length; i++)
        {
            _targets.Set(_allTargets[i]);
            if (_actions[i].Target.Kind == FactKind.Single)
            {
                _singleTargets.Set(_allTargets[i]);
            }
        }
    }

    internal Rule<TFacts> Rule { get; }

    /// <summary>Gets the conditions, bound to the rule set's fact indexes, in declared order.</summary>
    internal IReadOnlyList<Condition<TFacts>> Conditions => _conditions;

    /// <summary>Gets the actions in declared order.</summary>
    internal IReadOnlyList<RuleAction<TFacts>> Actions => _actions;

    /// <summary>Gets the fact index each action asserts.</summary>
    internal IReadOnlyList<int> ActionTargets => _allTargets;

    /// <summary>Gets every fact the rule asserts.</summary>
    internal FactMask Targets => _targets;

    /// <summary>Gets the single facts the rule asserts: once one is decided, the rule is passed over.</summary>
    internal FactMask SingleTargets => _singleTargets;

    /// <summary>Runs the rule and records it in the trace: conditions in declared order, values rendered.</summary>
    internal RunResult Run(ref TFacts facts, ref FactMask mask, TraceState trace)
    {
        if (mask.Overlaps(_singleTargets))
        {
            Skip(trace, mask);
            return RunResult.NotFired;
        }

        foreach (var condition in _conditions)
        {
            if (!condition.Test(ref facts, mask))
            {
                trace.Trace.Add(new RuleTraceEntry(Rule.Name, false, condition.Explain(ref facts, held: false, trace.Trace.Formatter), []));
                return RunResult.NotFired;
            }
        }

        // The conditions are rendered before the actions run, so they show the values they tested.
        var matched = FiredRuleTrace.Matched(Rule, _conditions, ref facts, trace.Trace.Formatter);
        var contributions = new string?[_actions.Length];
        for (var i = 0; i < _actions.Length; i++)
        {
            if (_actions[i].Target.Kind == FactKind.Aggregate)
            {
                contributions[i] = _actions[i].Contribution(ref facts, trace.Trace.Formatter);
            }

            _actions[i].Execute(ref facts, mask.Has(_allTargets[i]));
            mask.Set(_allTargets[i]);
        }

        Fired(trace, ref facts, matched, contributions);
        return Rule.Halts ? RunResult.Halted : RunResult.Fired;
    }

    private void Skip(TraceState trace, in FactMask mask)
    {
        for (var i = 0; i < _actions.Length; i++)
        {
            if (_actions[i].Target.Kind == FactKind.Single && mask.Has(_allTargets[i]))
            {
                var by = trace.DecidedBy[_allTargets[i]] ?? "an earlier rule";
                trace.Trace.Add(new RuleTraceEntry(Rule.Name, false, $"{_actions[i].Target.Name} already decided by rule {by}", []));
                return;
            }
        }
    }

    private void Fired(TraceState trace, ref TFacts facts, string because, string?[] contributions)
    {
        for (var i = 0; i < _actions.Length; i++)
        {
            if (_actions[i].Target.Kind == FactKind.Single)
            {
                trace.DecidedBy[_allTargets[i]] = Rule.Name;
            }
        }

        trace.Trace.Add(FiredRuleTrace.Entry(Rule, _actions, because, contributions, ref facts, trace.Trace.Formatter));
    }
}

/// <summary>One step of a compiled plan: a rule, or a group of keyed rules found by hash (then <see cref="Group"/> is set).</summary>
internal readonly struct PlanStep<TFacts>(CompiledRule<TFacts>? rule, KeyedGroup<TFacts>? group)
    where TFacts : struct
{
    internal CompiledRule<TFacts>? Rule => rule;

    internal KeyedGroup<TFacts>? Group => group;
}

/// <summary>Rules keyed on the same fact at the same priority: the key is read once and only the matching rules run.</summary>
internal abstract class KeyedGroup<TFacts>
    where TFacts : struct
{
    /// <summary>Runs the rules matching the key, traced; returns the name of the rule that halted the evaluation, or null.</summary>
    internal abstract string? Run(ref TFacts facts, ref FactMask mask, ref int fired, TraceState trace);

    /// <summary>Gets every rule of the group.</summary>
    internal abstract IEnumerable<CompiledRule<TFacts>> Rules { get; }

    /// <summary>Has each key's rules emitted (the callback returns where they start) and returns the locator finding them by hash.</summary>
    internal abstract KeyLocator<TFacts> Locate(Func<CompiledRule<TFacts>[], int> emit);
}

internal sealed class KeyedGroup<TFacts, TKey>(Fact<TFacts, TKey> fact, Dictionary<TKey, CompiledRule<TFacts>[]> rules) : KeyedGroup<TFacts>
    where TFacts : struct
    where TKey : notnull
{
    internal override string? Run(ref TFacts facts, ref FactMask mask, ref int fired, TraceState trace)
    {
        if (!rules.TryGetValue(fact.Slot(ref facts), out var matching))
        {
            return null;
        }

        foreach (var rule in matching)
        {
            var result = rule.Run(ref facts, ref mask, trace);
            if (result == RunResult.NotFired)
            {
                continue;
            }

            fired++;
            if (result == RunResult.Halted)
            {
                return rule.Rule.Name;
            }
        }

        return null;
    }

    internal override IEnumerable<CompiledRule<TFacts>> Rules => rules.Values.SelectMany(static r => r);

    internal override KeyLocator<TFacts> Locate(Func<CompiledRule<TFacts>[], int> emit) =>
        new Locator(fact, rules.ToFrozenDictionary(static pair => pair.Key, pair => emit(pair.Value)));

    private sealed class Locator(Fact<TFacts, TKey> fact, FrozenDictionary<TKey, int> starts) : KeyLocator<TFacts>
    {
        internal override int Find(ref TFacts facts) => starts.TryGetValue(fact.Slot(ref facts), out var start) ? start : -1;

        internal override IEnumerable<int> Starts => starts.Values.Order();

        internal override bool TryCases(out nint offset, out int size, out (ulong Bits, int Start)[] cases)
        {
            offset = fact.Offset;
            size = Unsafe.SizeOf<TKey>();
            cases = [];
            if (offset < 0 || typeof(TKey) == typeof(bool) || !Lowering.ComparesByBits<TKey>())
            {
                return false;
            }

            cases = [.. starts.Select(static pair => (Bits16.From(pair.Key).Low, pair.Value)).OrderBy(static c => c.Low)];
            return true;
        }
    }
}
