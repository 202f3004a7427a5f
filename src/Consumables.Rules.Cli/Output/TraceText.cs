using Consumables.Rules.Engine;

namespace Consumables.Rules.Cli.Output;

/// <summary>A rule trace as text: in full (one line per rule) for <c>explain</c> and the table, compactly (the rules that fired, on one line) for CSV.</summary>
internal static class TraceText
{
    /// <summary>Renders what a rule asserted: <c>limit = 1000.000000 (this rule: 50000.000000, folded by min)</c> for an aggregate fact.</summary>
    internal static string Asserted(AssertedFact fact) => fact.ToString();

    /// <summary>Renders one entry on one line: <c>payable: listed … — held (true) → coverage = payable</c>.</summary>
    internal static string Entry(RuleTraceEntry entry) => entry.ToString();

    /// <summary>
    /// Renders the rules that fired, compactly, on one line: <c>payable: coverage=payable | limit/item-cap: limit 50000.000000 (min → 1000.000000)</c>;
    /// an aggregate shows the rule's own value, the aggregation and the folded result.
    /// </summary>
    internal static string Compact(RuleTrace? trace) => trace is null
        ? string.Empty
        : string.Join(" | ", trace.Entries.Where(static e => e.Fired).Select(static e =>
            e.Rule + ": " + string.Join(", ", e.Asserted.Select(static a => a.Contribution is { } own ? $"{a.Fact} {own} ({a.Aggregation} → {a.Value})" : $"{a.Fact}={a.Value}"))));
}
