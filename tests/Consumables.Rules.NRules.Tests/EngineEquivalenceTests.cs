using Consumables.Rules.Engine;
using Consumables.Rules.NRules.Translation;
using Consumables.Rules.Policy;
using Consumables.Rules.Pricing;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.NRules.Tests;

/// <summary>The standard rules translated to NRules price every line exactly as the compiled engine does.</summary>
public class EngineEquivalenceTests
{
    private static readonly PolicyTimeline Default = PolicyTimeline.Create([PolicyVersion.Default]);

    public static TheoryData<NotListedTreatment> Treatments => new() { NotListedTreatment.SelfPayWithWarning, NotListedTreatment.Error };

    [Theory]
    [MemberData(nameof(Treatments))]
    public void Both_engines_agree_on_generated_lines_error_lines_included(NotListedTreatment notListed) =>
        AssertAgree(new ConsumablesRulesOptions { NotListed = notListed }, 10_000);

    [Fact]
    public void Both_engines_agree_on_generated_policies_with_every_restriction_kind_no_median_treatment_and_default_entry()
    {
        var nrulesOptions = new ConsumablesRulesOptions { Engine = PricingEngine.NRules }.UseNRules();
        Prop.ForAll(PolicyGenerators.Policies.ToArbitrary(), policy =>
        {
            var timeline = PolicyTimeline.Create([policy]);
            var (compiled, nrules) = (ConsumablePricer.Create(timeline), ConsumablePricer.Create(timeline, nrulesOptions));
            foreach (var visit in Gen.Sample(PricingGenerators.VisitsFor(policy, 8), 20))
            {
                var (expected, actual) = (compiled.PriceVisit(visit), nrules.PriceVisit(visit));
                for (var i = 0; i < visit.Length; i++)
                {
                    Assert.Empty(PricingLaws.Differences(actual[i], expected[i]));
                }
            }

            foreach (var line in Gen.Sample(PricingGenerators.LinesFor(policy), 50))
            {
                Assert.Empty(PricingLaws.Differences(nrules.Price(line), compiled.Price(line)));
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Fact]
    public void Both_engines_agree_under_users_changes_to_the_rules()
    {
        // A disabled rule, a replaced one, an added keyed rule, a computed limit and a custom aggregation.
        var extra = Fact.Aggregate<LineFacts, PricingWarnings>("warnings", static (ref LineFacts f) => ref f.Warnings, Aggregation.Union<PricingWarnings>());
        _ = extra;
        var options = new ConsumablesRulesOptions
        {
            ConfigureRules = rules => rules
                .Disable("class-c-self-pay")
                .Replace("limit/item-cap", Rule.Define<LineFacts>("limit/item-cap").WithPriority(190).WithTags(PricingRules.LimitTag)
                    .WhenEquals(PricingFacts.Coverage, Coverage.Payable, "the line is payable")
                    .Then(PricingFacts.Limit, PricingFacts.ItemCap, static cap => cap / 2m))
                .Add(Rule.Define<LineFacts>("area/141102-cap").WithPriority(180)
                    .WhenKey(PricingFacts.PoolingArea, AdministrativeDivision.Parse("141102"))
                    .WhenEquals(PricingFacts.Coverage, Coverage.Payable, "the line is payable")
                    .When(PricingFacts.UnitPrice, PricingFacts.Quantity, static (p, q) => p * q > 500m, "the line is over 500")
                    .Then(PricingFacts.Limit, 300m)),
        };
        AssertAgree(options, 3_000);
    }

    [Fact]
    public void Every_example_line_prices_alike_on_both_engines()
    {
        var (compiled, nrules) = Pricers(new ConsumablesRulesOptions());
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "examples", "charges.csv")).Skip(1)
            .Select(static l => l.Split(','))
            .Select(static f => new RawChargeLine
            {
                SerialNumber = f[0], Code = f[1], Quantity = f[2], UnitPrice = f[3], ServiceTime = f[4], InsuranceType = f[5],
                PoolingArea = f[6], Origin = f[7], HospitalApproval = f[8], ServiceItemCode = f.Length > 9 ? f[9] : null,
            }).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            Assert.Empty(PricingLaws.Differences(nrules.Price(line), compiled.Price(line)));
        }
    }

    [Fact]
    public void Explain_on_NRules_lists_the_rules_that_fired_as_the_compiled_trace_does()
    {
        var (compiled, nrules) = Pricers(new ConsumablesRulesOptions());
        var line = ChargeLine.Create("C03111608002007064100000001", 2m, 1200.00m, new DateOnly(2026, 3, 1), InsuranceType.Employee, "141100");
        var expected = compiled.Explain(line).Trace!.Where(static e => e.Fired).ToList();
        var actual = nrules.Explain(line).Trace!.ToList();
        Assert.Equal(expected, actual, static (a, b) => a.Rule == b.Rule && a.Because == b.Because && a.Asserted.SequenceEqual(b.Asserted));
    }

    [Fact]
    public void The_translation_keeps_names_descriptions_tags_and_plan_order()
    {
        var rules = PricingRules.Default;
        var translation = new RuleSetTranslation<LineFacts>(rules);
        Assert.Equal(rules.Rules.Select(static r => r.Name), translation.Definitions.Select(static d => d.Name));
        Assert.Equal(rules.Rules.Select(static r => r.Description), translation.Definitions.Select(static d => d.Description));
        Assert.Equal(rules.Rules.Select(static r => string.Join(",", r.Tags)), translation.Definitions.Select(static d => string.Join(",", d.Tags)));
        Assert.True(translation.Definitions.Select(static d => d.Priority).SequenceEqual(translation.Definitions.Select(static d => d.Priority).OrderDescending()));
    }

    [Fact]
    public void Choosing_NRules_without_the_package_registered_is_a_clear_error()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ConsumablePricer.Create(Default, new ConsumablesRulesOptions { Engine = PricingEngine.NRules }));
        Assert.Contains("AddNRulesPricingRules", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertAgree(ConsumablesRulesOptions options, int count)
    {
        var (compiled, nrules) = Pricers(options);
        Check.One(PricingLaws.Configuration(count), PricingLaws.SameAs(nrules, compiled, PolicyVersion.Default));
    }

    private static (ConsumablePricer Compiled, ConsumablePricer NRules) Pricers(ConsumablesRulesOptions options)
    {
        var compiled = ConsumablePricer.Create(Default, options);
        var nrulesOptions = new ConsumablesRulesOptions { NotListed = options.NotListed, ConfigureRules = options.ConfigureRules, Engine = PricingEngine.NRules }.UseNRules();
        return (compiled, ConsumablePricer.Create(Default, nrulesOptions));
    }
}
