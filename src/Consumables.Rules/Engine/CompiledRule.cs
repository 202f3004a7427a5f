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

/// <summary>A rule bound to one rule set's fact indexes, ready to run.</summary>
internal sealed class CompiledRule<TFacts>
    where TFacts : struct
{
    private readonly Condition<TFacts>[] _conditions;
    private readonly RuleAction<TFacts>[] _actions;
    private readonly int[] _targets;
    private readonly FactMask _singleTargets;

    internal CompiledRule(Rule<TFacts> rule, Func<Fact, int> indexOf)
    {
        Rule = rule;
        _conditions = [.. rule.Conditions.Select(c => c.Bind(indexOf))];
        _actions = [.. rule.Actions];
        _targets = [.. rule.Actions.Select(a => indexOf(a.Target))];
        foreach (var action in rule.Actions.Where(static a => a.Target.Kind == FactKind.Single))
        {
            _singleTargets.Set(indexOf(action.Target));
        }
    }

    internal Rule<TFacts> Rule { get; }

    internal RunResult Run(ref TFacts facts, ref FactMask mask, TraceState? trace)
    {
        if (mask.Overlaps(_singleTargets))
        {
            if (trace is not null)
            {
                Skip(trace, mask);
            }

            return RunResult.NotFired;
        }

        var conditions = _conditions;
        for (var i = 0; i < conditions.Length; i++)
        {
            if (!conditions[i].Test(ref facts, mask))
            {
                trace?.Trace.Add(new RuleTraceEntry(Rule.Name, false, conditions[i].Explain(ref facts), []));
                return RunResult.NotFired;
            }
        }

        var actions = _actions;
        var targets = _targets;
        for (var i = 0; i < actions.Length; i++)
        {
            actions[i].Execute(ref facts, mask.Has(targets[i]));
            mask.Set(targets[i]);
        }

        if (trace is not null)
        {
            Fired(trace, ref facts);
        }

        return Rule.Halts ? RunResult.Halted : RunResult.Fired;
    }

    private void Skip(TraceState trace, in FactMask mask)
    {
        for (var i = 0; i < _actions.Length; i++)
        {
            if (_actions[i].Target.Kind == FactKind.Single && mask.Has(_targets[i]))
            {
                var by = trace.DecidedBy[_targets[i]] ?? "an earlier rule";
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
                trace.DecidedBy[_targets[i]] = Rule.Name;
            }
        }

        var because = matched.Count == 0 ? "it has no conditions" : string.Join("; ", matched);
        trace.Trace.Add(new RuleTraceEntry(Rule.Name, true, because, asserted));
    }
}

/// <summary>One step of a compiled plan: a rule, or a group of keyed rules found by hash.</summary>
internal abstract class PlanStep<TFacts>
    where TFacts : struct
{
    /// <summary>Runs the step; returns the name of the rule that halted the evaluation, or null.</summary>
    internal abstract string? Run(ref TFacts facts, ref FactMask mask, ref int fired, TraceState? trace);
}

internal sealed class RuleStep<TFacts>(CompiledRule<TFacts> rule) : PlanStep<TFacts>
    where TFacts : struct
{
    internal override string? Run(ref TFacts facts, ref FactMask mask, ref int fired, TraceState? trace)
    {
        var result = rule.Run(ref facts, ref mask, trace);
        if (result == RunResult.NotFired)
        {
            return null;
        }

        fired++;
        return result == RunResult.Halted ? rule.Rule.Name : null;
    }
}

/// <summary>Rules keyed on the same fact at the same priority: the key is read once and only the matching rules run.</summary>
internal sealed class KeyedStep<TFacts, TKey>(Fact<TFacts, TKey> fact, Dictionary<TKey, CompiledRule<TFacts>[]> rules) : PlanStep<TFacts>
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
}
