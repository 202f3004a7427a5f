using Consumables.Rules.Engine;
using Consumables.Rules.Policy;
using Consumables.Rules.Pricing;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>
/// The standard pricing rules ship with their untraced evaluation generated as C# (src/Consumables.Rules/Pricing/Generated).
/// The checked-in code must be what the rules generate today, and the pricer must run it. After changing a standard
/// rule, run the tests with <c>UPDATE_GENERATED_CODE=1</c> to rewrite the files, and review the diff.
/// </summary>
public class GeneratedRulesTests
{
    /// <summary>Lines of the default policy, one in four spoiled so each rejection rule fires too.</summary>
    private static readonly Gen<ChargeLine> RoughLines = PricingGenerators.RoughLinesFor(PolicyVersion.Default);

    public static TheoryData<string> Files => new() { "StandardRules", "NotListedAsErrorRules" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Checked_in_code_is_what_the_rules_generate(string name)
    {
        var rules = PricingRules.CreateBuilder(notListedIsError: name == "NotListedAsErrorRules").Compile();
        var actual = rules.ToCSharp("Consumables.Rules.Pricing.Generated", name);
        var path = Path.Combine("src", "Consumables.Rules", "Pricing", "Generated", name + ".g.cs");
        var expected = Repository.Reviewed(path, actual, "UPDATE_GENERATED_CODE");
        Assert.True(expected == actual, $"{path} is stale: the standard rules changed. Run the tests with UPDATE_GENERATED_CODE=1 and review the diff.");
    }

    [Fact]
    public void The_pricer_runs_the_generated_code_for_the_standard_rules_and_interprets_changed_ones()
    {
        Assert.True(PricingRules.Default.IsPrecompiled);
        Assert.True(PricingRules.NotListedAsError.IsPrecompiled);
        Assert.True(PricingRules.WithGeneratedCode(PricingRules.CreateBuilder(version: "another").Compile()).IsPrecompiled);
        Assert.False(PricingRules.WithGeneratedCode(PricingRules.CreateBuilder().Disable("class-c-self-pay").Compile()).IsPrecompiled);
    }

    [Theory]
    [InlineData(NotListedTreatment.SelfPayWithWarning)]
    [InlineData(NotListedTreatment.Error)]
    public void Generated_code_prices_as_the_traced_rules_do(NotListedTreatment notListed)
    {
        // Price runs the generated code; Explain evaluates the rules one by one, tracing them.
        var pricer = ConsumablePricer.Create(PolicyTimeline.Create([PolicyVersion.Default]), new ConsumablesRulesOptions { NotListed = notListed });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000), Prop.ForAll(RoughLines.ToArbitrary(), line =>
        {
            var (fast, traced) = (pricer.Price(line), pricer.Explain(line));
            return (fast.Total, fast.FullySelfPaid, fast.OverLimit, fast.PreSelfPay, fast.InPolicyScope, fast.PriceBasis, fast.EffectiveLimit, fast.SelfPayRatio, fast.IsRestricted, fast.Category, fast.PricedCode, fast.Warnings)
                == (traced.Total, traced.FullySelfPaid, traced.OverLimit, traced.PreSelfPay, traced.InPolicyScope, traced.PriceBasis, traced.EffectiveLimit, traced.SelfPayRatio, traced.IsRestricted, traced.Category, traced.PricedCode, traced.Warnings)
                && fast.Errors.Select(static e => e.Code).SequenceEqual(traced.Errors.Select(static e => e.Code));
        }));
    }

    [Fact]
    public void A_configured_rule_with_a_negative_constant_is_interpreted_and_prices_as_before()
    {
        // Regression: fingerprinting a program with a negative decimal constant once threw while the pricer was built.
        var options = new ConsumablesRulesOptions
        {
            ConfigureRules = rules => rules.Add(Rule.Define<LineFacts>("refund-floor").WithPriority(-1000)
                .WhenLessThan(PricingFacts.UnitPrice, -0.01m, "the unit price is below -0.01").Then(PricingFacts.Limit, 0m)),
        };
        var configured = ConsumablePricer.Create(PolicyTimeline.Create([PolicyVersion.Default]), options);
        var line = ChargeLine.Create("C03111608002007064100000001", quantity: 2m, unitPrice: 1200.00m, serviceDate: new DateOnly(2026, 3, 1), insuranceType: InsuranceType.Employee, poolingArea: "141100");

        var (a, b) = (configured.Price(line), ConsumablePricer.CreateDefault().Price(line));
        Assert.True(a.IsPriced);
        Assert.Equal((b.Total, b.FullySelfPaid, b.OverLimit, b.PreSelfPay, b.InPolicyScope), (a.Total, a.FullySelfPaid, a.OverLimit, a.PreSelfPay, a.InPolicyScope));
    }
}

