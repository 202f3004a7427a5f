using Consumables.Rules.Engine;
using Consumables.Rules.Pricing;

namespace Consumables.Rules.NRules.Translation;

/// <summary>Builds the pricer's NRules engine from its compiled pricing rules.</summary>
internal static class RuleSetTranslator
{
    /// <summary>Translates the compiled pricing rules (users' Add/Replace/Disable changes included) and compiles them with NRules.</summary>
    /// <param name="rules">The compiled rules.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="RuleTranslationException">A rule cannot run on NRules; the message names it.</exception>
    internal static ILineRuleEngine CreateEngine(CompiledRuleSet<LineFacts> rules) => new Engine(new RuleSetTranslation<LineFacts>(rules));

    private sealed class Engine(RuleSetTranslation<LineFacts> translation) : ILineRuleEngine
    {
        public int Evaluate(ref LineFacts facts, RuleTrace? trace) => translation.Evaluate(ref facts, trace);
    }
}
