namespace Consumables.Rules.Tests.Pricing;

/// <summary>Whether two results of the same line price alike: every amount, decision, warning and error (shared with the NRules tests).</summary>
internal static class SameResult
{
    internal static bool Same(PricingResult a, PricingResult b) =>
        a.Line == b.Line && a.Total == b.Total && a.FullySelfPaid == b.FullySelfPaid && a.OverLimit == b.OverLimit && a.PreSelfPay == b.PreSelfPay
        && a.InPolicyScope == b.InPolicyScope && a.EffectiveLimit == b.EffectiveLimit && a.SelfPayRatio == b.SelfPayRatio && a.PriceBasis == b.PriceBasis
        && a.Warnings == b.Warnings && a.Errors.SequenceEqual(b.Errors) && a.RuleWarnings.Count == b.RuleWarnings.Count;
}
