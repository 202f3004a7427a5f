using Consumables.Rules.Engine;
using Consumables.Rules.Pricing;

namespace Consumables.Rules.NRules.Translation;

/// <summary>Translates a compiled rule set into NRules rule definitions and runs them as the pricer's engine.</summary>
internal static class RuleSetTranslator
{
    /// <summary>Builds the NRules engine of a compiled pricing rule set.</summary>
    /// <param name="rules">The compiled rules.</param>
    /// <returns>The engine.</returns>
    internal static ILineRuleEngine CreateEngine(CompiledRuleSet<LineFacts> rules) =>
        throw new NotImplementedException("The NRules translation of the standard rules is not written yet.");
}
