using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NRules.Fluent.Dsl;

namespace Consumables.Rules.NRules.Tests;

/// <summary>Users' NRules rules per visit: context facts, every action, faults kept to their line, start-up errors.</summary>
public class UserRuleTests
{
    private static readonly IConsumablePricer Plain = ConsumablePricer.CreateDefault();
    private static readonly Lazy<IConsumablePricer> WithRules = new(static () =>
    {
        var services = new ServiceCollection();
        services.AddConsumablesRules();
        services.AddNRulesPricingRules(typeof(IcuNeedsApproval).Assembly);
        return services.BuildServiceProvider().GetRequiredService<IConsumablePricer>();
    });

    private static ChargeLine Example(HospitalApproval approval) =>
        ChargeLine.Create("C03111608002007064100000001", quantity: 2m, unitPrice: 1200.00m, serviceDate: new DateOnly(2026, 3, 1),
            insuranceType: InsuranceType.Employee, poolingArea: "141100", hospitalApproval: approval);

    [Fact]
    public void Only_the_unapproved_line_of_an_ICU_visit_becomes_fully_self_paid()
    {
        var pricer = WithRules.Value;
        ChargeLine[] lines = [Example(HospitalApproval.None), Example(HospitalApproval.Approved)];
        var expected = lines.Select(l => Plain.Price(l)).ToList();
        Assert.True(expected[0].InPolicyScope > 0m);

        foreach (var facts in new object[]?[] { null, [new Ward("GEN")] })
        {
            var results = pricer.PriceVisit(lines, facts);
            Assert.Empty(expected.Zip(results, static (e, r) => PricingLaws.Differences(r, e)).SelectMany(static d => d));
        }

        var icu = pricer.PriceVisit(lines, [new Ward("ICU")]);
        Assert.Equal(icu[0].Total, icu[0].FullySelfPaid);
        Assert.Equal(0m, icu[0].InPolicyScope + icu[0].OverLimit + icu[0].PreSelfPay);
        Assert.Equal(PriceBasis.SelfPay, icu[0].PriceBasis);
        Assert.Equal(1m, icu[0].SelfPayRatio);
        Assert.Empty(PricingLaws.Differences(icu[1], expected[1]));
    }

    [Fact]
    public void Explain_names_the_users_rule_and_its_reason()
    {
        var pricer = ConsumablePricer.Create(new ConsumablesRulesOptions { Tracing = true }.UseNRules(typeof(IcuNeedsApproval).Assembly));
        var result = pricer.PriceVisit([Example(HospitalApproval.None)], [new Ward("ICU")])[0];
        var entry = Assert.Single(result.Trace!, static e => e.Rule == "hospital/icu-needs-approval");
        Assert.True(entry.Fired);
        Assert.Equal("ICU consumables need the hospital's approval", entry.Because);
    }

    [Fact]
    public void Users_actions_keep_every_pricing_law_on_generated_visits()
    {
        var pricer = WithRules.Value;
        var scenarios = Gen.Elements("cap", "reject", "negative", "throws", "none");
        // One patient per visit; consumable lines only, so each line's standard price is its price alone.
        var visits = PricingGenerators.VisitsFor(PolicyVersion.Default, maxLines: 12).Select(static v => v.Where(static l => !l.IsContext).ToArray());
        Prop.ForAll(visits.ToArbitrary(), scenarios.ToArbitrary(), Gen.Elements("ICU", "GEN").ToArbitrary(), (lines, scenario, ward) =>
        {
            var results = pricer.PriceVisit(lines, [new Scenario(scenario), new Ward(ward)]);
            Assert.Equal(lines.Length, results.Count);
            for (var i = 0; i < lines.Length; i++)
            {
                var r = results[i];
                var before = Plain.Price(lines[i]);
                Assert.Equal(lines[i], r.Line);
                if (!before.IsPriced)
                {
                    Assert.Equal(before.Errors, r.Errors);
                    continue;
                }

                if (r.IsPriced)
                {
                    Assert.Equal(r.Total, r.FullySelfPaid + r.OverLimit + r.PreSelfPay + r.InPolicyScope);
                    Assert.Equal(before.Total, r.Total);
                    Assert.True(r.FullySelfPaid + r.OverLimit + r.PreSelfPay >= before.FullySelfPaid + before.OverLimit + before.PreSelfPay || before.Total < 0m);
                }

                var payable = before.FullySelfPaid == 0m && before.PriceBasis != PriceBasis.SelfPay;
                switch (scenario)
                {
                    case "cap" when payable && before.Category == Catalogue.PaymentCategory.B && ward != "ICU":
                        Assert.Equal(Math.Min(before.EffectiveLimit, 1000m), r.EffectiveLimit);
                        break;
                    case "reject" when i == 0:
                        Assert.Equal("hospital/blocked", Assert.Single(r.Errors).CodeName);
                        Assert.Equal("test/reject-and-warn", r.Errors[0].Rule);
                        break;
                    case "reject":
                        Assert.Equal("hospital/check", Assert.Single(r.RuleWarnings).Code);
                        break;
                    case "negative" when payable && ward != "ICU":
                        Assert.Equal("rule-failed", Assert.Single(r.Errors).CodeName);
                        Assert.Contains("test/negative-limit", r.Errors[0].Message, StringComparison.Ordinal);
                        Assert.Contains("-1", r.Errors[0].Message, StringComparison.Ordinal);
                        break;
                    case "throws" when i == 1:
                        Assert.Equal("rule-failed", Assert.Single(r.Errors).CodeName);
                        Assert.Contains("test/throws", r.Errors[0].Message, StringComparison.Ordinal);
                        break;
                    case "throws" or "none" when ward == "GEN":
                        Assert.Empty(PricingLaws.Differences(r, before));
                        break;
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void Without_rules_a_visit_costs_nothing_more_than_its_lines()
    {
        var services = new ServiceCollection();
        services.AddConsumablesRules();
        services.AddNRulesPricingRules();
        var pricer = services.BuildServiceProvider().GetRequiredService<IConsumablePricer>();
        Assert.Equal(0, Allocations.OfPricing(pricer, Example(HospitalApproval.None)));
    }

    [Fact]
    public void A_rule_that_cannot_be_defined_is_reported_at_start_naming_it()
    {
        var rules = NRulesVisitRules.Load(static spec => spec.PrivateTypes().NestedTypes().From(typeof(Broken)));
        var problem = Assert.Single(rules.Errors);
        Assert.Contains(nameof(Broken), problem, StringComparison.Ordinal);
        Assert.False(rules.HasRules);

        var good = new ServiceCollection().AddConsumablesRules().AddNRulesPricingRules(typeof(IcuNeedsApproval).Assembly).BuildServiceProvider();
        Assert.NotNull(good.GetRequiredService<IOptions<ConsumablesRulesOptions>>().Value);

        var services = new ServiceCollection().AddSingleton(rules).AddConsumablesRules().AddNRulesPricingRules(typeof(IcuNeedsApproval).Assembly);
        var ex = Assert.Throws<OptionsValidationException>(() => services.BuildServiceProvider().GetRequiredService<IConsumablePricer>());
        Assert.Contains(nameof(Broken), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Visits_priced_on_many_threads_equal_the_same_visits_priced_on_one()
    {
        var pricer = WithRules.Value;
        var visits = Enumerable.Range(0, 400).Select(i => (Lines: new[] { Example((HospitalApproval)(i % 3)), Example(HospitalApproval.None) }, Ward: i % 2 == 0 ? "ICU" : "GEN")).ToList();
        var sequential = visits.Select(v => pricer.PriceVisit(v.Lines, [new Ward(v.Ward)])).ToList();
        var parallel = new IReadOnlyList<PricingResult>[visits.Count];
        Parallel.For(0, visits.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = pricer.PriceVisit(visits[i].Lines, [new Ward(visits[i].Ward)]));
        for (var i = 0; i < visits.Count; i++)
        {
            Assert.Empty(sequential[i].Zip(parallel[i], static (s, p) => PricingLaws.Differences(p, s)).SelectMany(static d => d));
        }
    }

    [Fact]
    public void Registering_twice_loads_each_rule_once()
    {
        var services = new ServiceCollection().AddConsumablesRules()
            .AddNRulesPricingRules(typeof(IcuNeedsApproval).Assembly).AddNRulesPricingRules(typeof(IcuNeedsApproval).Assembly);
        var rules = services.BuildServiceProvider().GetRequiredService<NRulesVisitRules>();
        Assert.Equal(rules.RuleNames.Distinct().Count(), rules.RuleNames.Count);
        Assert.Contains("hospital/icu-needs-approval", rules.RuleNames);
    }

    private sealed class Broken : Rule
    {
        public override void Define() => throw new InvalidOperationException("this rule cannot say what it matches");
    }
}
