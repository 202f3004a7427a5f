using Consumables.Rules.Engine;
using Consumables.Rules.Policy;
using Consumables.Rules.Pricing;

namespace Consumables.Rules;

/// <summary>What a pricer prices under: the policy files or streams, and how it treats not-listed and recoded codes.</summary>
/// <remarks>
/// Options are read when a pricer is built (and again on reload); they are validated at start, every problem at once.
/// </remarks>
public sealed class ConsumablesRulesOptions
{
    /// <summary>Gets the policy files to load; several form a timeline. None (and no streams) means the embedded default policy.</summary>
    public IList<string> PolicyFiles { get; } = [];

    /// <summary>Gets factories of policy streams (UTF-8 JSON) to load, after the files; each stream is disposed after loading.</summary>
    public IList<Func<Stream>> PolicyStreams { get; } = [];

    /// <summary>
    /// Gets or sets how a code in neither the catalogue nor its fallback policy is treated: an error (the default: the
    /// notice keeps the previous policy for such codes, so it must be loaded as the fallback), or, explicitly, fully
    /// self-paid with a warning.
    /// </summary>
    public NotListedTreatment NotListed { get; set; } = NotListedTreatment.Error;

    /// <summary>Gets or sets the hospital's mapping table (对照表) from its own item codes to national codes, given in code.</summary>
    public HospitalCodeMap? HospitalCodes { get; set; }

    /// <summary>Gets the mapping-table files to load (<see cref="HospitalCodeMap.Load"/>), merged with <see cref="HospitalCodes"/>.</summary>
    public IList<string> MappingTableFiles { get; } = [];

    /// <summary>Gets or sets a value indicating whether a code NHSA recoded is priced under its new code (with a warning). Default <see langword="true"/>.</summary>
    public bool MapRecodedCodes { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether every line is priced with its rule trace. Default <see langword="false"/>; <see cref="IConsumablePricer.Explain"/> always traces.</summary>
    public bool Tracing { get; set; }

    /// <summary>Gets or sets a hook that changes the standard rules (add a pooling area's rule, replace or disable one by name) before they compile.</summary>
    public Action<RuleSetBuilder<LineFacts>>? ConfigureRules { get; set; }

    /// <summary>
    /// Gets or sets the engine that runs the pricing rules: the project's compiled engine (default, near hand-written
    /// speed) or NRules (the same rules translated; needs the <c>Consumables.Rules.NRules</c> package registered).
    /// </summary>
    public PricingEngine Engine { get; set; } = PricingEngine.Compiled;

    /// <summary>The default of <see cref="MaxUserRuleFirings"/>: 10,000 rule firings a visit.</summary>
    public const int DefaultMaxUserRuleFirings = 10_000;

    /// <summary>
    /// Gets or sets the most times users' rules may fire in one visit (default 10,000). A visit whose rules are still
    /// firing at the limit (a rule that updates or inserts a fact in every firing never comes to rest) stops there: each of
    /// its lines gets <c>rule-failed</c> naming the last rule fired, and the batch goes on. At least 1.
    /// </summary>
    public int MaxUserRuleFirings { get; set; } = DefaultMaxUserRuleFirings;

    /// <summary>Gets or sets users' own rules, run per visit before the split (set by the NRules package).</summary>
    internal IVisitRules? VisitRules { get; set; }

    /// <summary>Gets or sets what builds the NRules engine from the compiled rules (set by the NRules package).</summary>
    internal Func<CompiledRuleSet<LineFacts>, ILineRuleEngine>? NRulesEngine { get; set; }
}

/// <summary>The engine that runs the pricing rules; both give the same result for every line.</summary>
public enum PricingEngine
{
    /// <summary>The project's compiled engine: generated or interpreted decision graph, no allocation per line.</summary>
    Compiled = 0,

    /// <summary>NRules, running the same rules translated into NRules rule definitions (tens of microseconds a line).</summary>
    NRules = 1,
}

/// <summary>How a code that is not in the catalogue is treated.</summary>
public enum NotListedTreatment
{
    /// <summary>The line is fully self-paid, with a <see cref="PricingWarnings.NotListed"/> warning.</summary>
    SelfPayWithWarning = 0,

    /// <summary>The line is an error (<see cref="PricingErrorCode.NotListed"/>).</summary>
    Error = 1,
}
