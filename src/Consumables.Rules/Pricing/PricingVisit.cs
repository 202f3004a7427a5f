namespace Consumables.Rules.Pricing;

/// <summary>
/// One visit between the standard decisions and the split: its lines as <see cref="PricedLine"/> facts and the
/// caller's context facts, handed to the user-rule stage.
/// </summary>
internal sealed class PricingVisit
{
    private PricedLine[] _lines = [];

    internal PricingVisit(IEnumerable<object> facts, int firingLimit = ConsumablesRulesOptions.DefaultMaxUserRuleFirings)
    {
        Facts = facts;
        FiringLimit = firingLimit;
    }

    /// <summary>Gets the lines, in input order.</summary>
    internal IReadOnlyList<PricedLine> Lines => _lines;

    /// <summary>Gets the caller's context facts (ward, doctor, order…).</summary>
    internal IEnumerable<object> Facts { get; }

    /// <summary>Gets the most rule firings the visit's session may make before its lines fail (<c>rule-failed</c>).</summary>
    internal int FiringLimit { get; }

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

    /// <summary>
    /// Gets a value indicating whether a rule may match a line priced on its own, with no context facts (decided from the
    /// fact types the rules' patterns require); when not, a line priced on its own skips the stage. By default, it may.
    /// </summary>
    bool MatchesLineAlone => true;

    /// <summary>
    /// Whether a rule may match a visit of lines with these facts beside them (decided from the fact types the rules'
    /// patterns require); when not, the visit skips the stage. By default, it may.
    /// </summary>
    /// <param name="facts">The facts beside the visit's lines.</param>
    /// <returns><see langword="false"/> when no rule can match.</returns>
    bool MayMatch(IEnumerable<object> facts) => true;

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
