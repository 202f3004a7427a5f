namespace Consumables.Rules.Pricing;

/// <summary>
/// One visit between the standard decisions and the split: its lines as <see cref="PricedLine"/> facts and the
/// caller's context facts, handed to the user-rule stage.
/// </summary>
internal sealed class PricingVisit
{
    private PricedLine[] _lines = [];

    internal PricingVisit(IEnumerable<object> facts) => Facts = facts;

    /// <summary>Gets the lines, in input order.</summary>
    internal IReadOnlyList<PricedLine> Lines => _lines;

    /// <summary>Gets the caller's context facts (ward, doctor, order…).</summary>
    internal IEnumerable<object> Facts { get; }

    /// <summary>Gets or sets the name of the user rule whose actions run now, so actions and failures name it.</summary>
    internal string CurrentRule { get; set; } = "user-rule";

    internal void SetLines(PricedLine[] lines) => _lines = lines;
}

/// <summary>Users' own rules, run once per visit after the standard decisions and before the split.</summary>
/// <remarks>
/// Implemented outside the core package (the NRules package). Implementations are thread-safe: each call gets its own
/// visit. A rule that throws is reported on the lines it matched (<see cref="PricedLine.Fail"/>); an exception that
/// escapes <see cref="Run"/> fails every line of the visit.
/// </remarks>
internal interface IVisitRules
{
    /// <summary>Gets a value indicating whether any rule is registered; with none the pricer skips the stage.</summary>
    bool HasRules { get; }

    /// <summary>Runs the rules over one visit.</summary>
    /// <param name="visit">The visit.</param>
    void Run(PricingVisit visit);
}

/// <summary>Another engine that runs a compiled pricing rule set over one line's working memory (the NRules package's).</summary>
internal interface ILineRuleEngine
{
    /// <summary>Runs the rules; derived facts are written into <paramref name="facts"/>.</summary>
    /// <param name="facts">The working memory with its input facts filled.</param>
    /// <param name="trace">The trace to fill, or <see langword="null"/>.</param>
    /// <returns>How many rules fired.</returns>
    int Evaluate(ref LineFacts facts, Engine.RuleTrace? trace);
}
