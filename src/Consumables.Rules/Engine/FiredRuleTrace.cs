namespace Consumables.Rules.Engine;

/// <summary>How a fired rule reads in a trace, for every engine that runs the rules (compiled, or translated to another).</summary>
internal static class FiredRuleTrace
{
    /// <summary>What the rule matched: its key and each condition, held, with the values seen (render before the actions run).</summary>
    internal static string Matched<TFacts>(Rule<TFacts> rule, IReadOnlyList<Condition<TFacts>> conditions, ref TFacts facts, TraceFormatter formatter)
        where TFacts : struct
    {
        var matched = new List<string>();
        if (rule.Key is { } key)
        {
            matched.Add(key.Explain(ref facts, held: true, formatter));
        }

        foreach (var condition in conditions)
        {
            matched.Add(condition.Explain(ref facts, held: true, formatter));
        }

        return matched.Count == 0 ? "it has no conditions" : string.Join("; ", matched);
    }

    /// <summary>The trace entry: the facts asserted with their values now and, for an aggregate, the rule's own contribution.</summary>
    internal static RuleTraceEntry Entry<TFacts>(Rule<TFacts> rule, IReadOnlyList<RuleAction<TFacts>> actions, string because, string?[] contributions, ref TFacts facts, TraceFormatter formatter)
        where TFacts : struct
    {
        var asserted = new AssertedFact[actions.Count];
        for (var i = 0; i < asserted.Length; i++)
        {
            var target = actions[i].Target;
            asserted[i] = new AssertedFact(target.Name, target.Render(ref facts, formatter), contributions[i], target.AggregationName);
        }

        return new RuleTraceEntry(rule.Name, true, because, asserted);
    }
}
