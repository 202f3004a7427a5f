using Consumables.Rules.Engine;
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

    /// <summary>Gets or sets how a code not in the catalogue is treated: fully self-paid with a warning (default), or an error.</summary>
    public NotListedTreatment NotListed { get; set; } = NotListedTreatment.SelfPayWithWarning;

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
