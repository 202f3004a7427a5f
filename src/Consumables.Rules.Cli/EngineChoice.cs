using System.CommandLine;
using Consumables.Rules.NRules;

namespace Consumables.Rules.Cli;

/// <summary><c>--engine compiled|nrules</c>: which engine runs the pricing rules (both give the same result).</summary>
internal static class EngineChoice
{
    /// <summary>Gets the option, offered by the verbs that price (price, reconcile, explain) and by no other.</summary>
    internal static Option<string> Option { get; } = Create();

    /// <summary>Reads the chosen engine.</summary>
    internal static PricingEngine From(ParseResult parse) => parse.GetValue(Option) == "nrules" ? PricingEngine.NRules : PricingEngine.Compiled;

    /// <summary>Options for a pricer on <paramref name="engine"/>: NRules is registered when chosen.</summary>
    internal static ConsumablesRulesOptions Options(PricingEngine engine, bool tracing = false)
    {
        var options = new ConsumablesRulesOptions { Tracing = tracing, Engine = engine };
        return engine == PricingEngine.NRules ? options.UseNRules() : options;
    }

    private static Option<string> Create()
    {
        var option = new Option<string>("--engine")
        {
            Description = "The engine that runs the pricing rules: compiled (default, fast) or nrules (the same rules on NRules).",
            DefaultValueFactory = _ => "compiled",
        };
        option.AcceptOnlyFromAmong("compiled", "nrules");
        return option;
    }
}
