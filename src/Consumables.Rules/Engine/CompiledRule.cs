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
/// A rule bound to one rule set's fact indexes, ready to run. Its conditions are split for speed: byte compares
/// (<see cref="FastCheck"/>) run first, then the others; the result is the same conjunction. A traced run tests the
/// conditions in their declared order instead, so the trace names the first one that failed.
/// </summary>
internal sealed class CompiledRule<TFacts>
    where TFacts : struct
{
    private readonly Condition<TFacts>[] _conditions;
    private readonly FastCheck[] _fastChecks;
    private readonly Condition<TFacts>[] _slowChecks;
    private readonly RuleAction<TFacts>[] _actions;
    private readonly FastWrite[] _fastWrites;
    private readonly RuleAction<TFacts>[] _slowActions;
    private readonly int[] _slowTargets;
    private readonly FactMask _targets;
    private readonly int[] _allTargets;
    private readonly FactMask _singleTargets;

    internal CompiledRule(Rule<TFacts> rule, Func<Fact, int> indexOf)
    {
        Rule = rule;
        _conditions = [.. rule.Conditions.Select(c => c.Bind(indexOf))];
        var fast = new List<FastCheck>();
        var slow = new List<Condition<TFacts>>();
        foreach (var condition in _conditions)
        {
            if (condition.TryFast(out var check))
            {
                fast.Add(check);
            }
            else
            {
                slow.Add(condition);
            }
        }

        _fastChecks = [.. fast];
        _slowChecks = [.. slow];
        _actions = [.. rule.Actions];
        _allTargets = [.. rule.Actions.Select(a => indexOf(a.Target))];
        var writes = new List<FastWrite>();
        var slowActions = new List<RuleAction<TFacts>>();
        var slowTargets = new List<int>();
        for (var i = 0; i < _actions.Length; i++)
        {
            _targets.Set(_allTargets[i]);
            if (_actions[i].Target.Kind == FactKind.Single)
            {
                _singleTargets.Set(_allTargets[i]);
            }

            if (_actions[i].TryFast(out var write))
            {
                writes.Add(write);
            }
            else
            {
                slowActions.Add(_actions[i]);
                slowTargets.Add(_allTargets[i]);
            }
        }

        _fastWrites = [.. writes];
        _slowActions = [.. slowActions];
        _slowTargets = [.. slowTargets];
    }

    internal Rule<TFacts> Rule { get; }

    internal FastCheck[] FastChecks => _fastChecks;

    internal Condition<TFacts>[] SlowChecks => _slowChecks;

    internal FastWrite[] FastWrites => _fastWrites;

    internal RuleAction<TFacts>[] SlowActions => _slowActions;

    internal int[] SlowTargets => _slowTargets;

    internal FactMask Targets => _targets;

    internal FactMask SingleTargets => _singleTargets;

    /// <summary>Runs the rule without tracing (keyed groups use it; plain rules run from the flat plan).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal RunResult Run(ref TFacts facts, ref FactMask mask)
    {
        if (mask.Overlaps(_singleTargets))
        {
            return RunResult.NotFired;
        }

        ref var bytes = ref System.Runtime.CompilerServices.Unsafe.As<TFacts, byte>(ref facts);
        var fast = _fastChecks;
        for (var i = 0; i < fast.Length; i++)
        {
            if (!fast[i].Test(ref bytes))
            {
                return RunResult.NotFired;
            }
        }

        var slow = _slowChecks;
        for (var i = 0; i < slow.Length; i++)
        {
            if (!slow[i].Test(ref facts, mask))
            {
                return RunResult.NotFired;
            }
        }

        var writes = _fastWrites;
        for (var i = 0; i < writes.Length; i++)
        {
            writes[i].Write(ref bytes);
        }

        var actions = _slowActions;
        var targets = _slowTargets;
        for (var i = 0; i < actions.Length; i++)
        {
            actions[i].Execute(ref facts, mask.Has(targets[i]));
        }

        mask.Or(_targets);
        return Rule.Halts ? RunResult.Halted : RunResult.Fired;
    }

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
                trace.Trace.Add(new RuleTraceEntry(Rule.Name, false, condition.Explain(ref facts), []));
                return RunResult.NotFired;
            }
        }

        for (var i = 0; i < _actions.Length; i++)
        {
            _actions[i].Execute(ref facts, mask.Has(_allTargets[i]));
            mask.Set(_allTargets[i]);
        }

        Fired(trace, ref facts);
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

    private void Fired(TraceState trace, ref TFacts facts)
    {
        var matched = new List<string>();
        if (Rule.Key is { } key)
        {
            matched.Add(key.Explain(ref facts));
        }

        foreach (var condition in _conditions)
        {
            matched.Add(condition.Explain(ref facts));
        }

        var asserted = new AssertedFact[_actions.Length];
        for (var i = 0; i < _actions.Length; i++)
        {
            asserted[i] = new AssertedFact(_actions[i].Target.Name, _actions[i].Target.Render(ref facts));
            if (_actions[i].Target.Kind == FactKind.Single)
            {
                trace.DecidedBy[_allTargets[i]] = Rule.Name;
            }
        }

        var because = matched.Count == 0 ? "it has no conditions" : string.Join("; ", matched);
        trace.Trace.Add(new RuleTraceEntry(Rule.Name, true, because, asserted));
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
    /// <summary>Runs the rules matching the key; returns the name of the rule that halted the evaluation, or null.</summary>
    internal abstract string? Run(ref TFacts facts, ref FactMask mask, ref int fired, TraceState? trace);
}

internal sealed class KeyedGroup<TFacts, TKey>(Fact<TFacts, TKey> fact, Dictionary<TKey, CompiledRule<TFacts>[]> rules) : KeyedGroup<TFacts>
    where TFacts : struct
    where TKey : notnull
{
    internal override string? Run(ref TFacts facts, ref FactMask mask, ref int fired, TraceState? trace)
    {
        if (!rules.TryGetValue(fact.Slot(ref facts), out var matching))
        {
            return null;
        }

        foreach (var rule in matching)
        {
            var result = trace is null ? rule.Run(ref facts, ref mask) : rule.Run(ref facts, ref mask, trace);
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
}
