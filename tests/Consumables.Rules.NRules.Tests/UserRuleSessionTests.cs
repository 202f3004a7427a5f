using Consumables.Rules.Policy;
using Consumables.Rules.Testing;

namespace Consumables.Rules.NRules.Tests;

/// <summary>Users' rules in sessions reused per thread: skipped when no rule can match, bounded firings, clean reuse, one-line errors.</summary>
public class UserRuleSessionTests
{
    private static readonly IConsumablePricer Plain = ConsumablePricer.CreateDefault();

    private static ChargeLine Line(decimal unitPrice = 1200.00m) =>
        ChargeLine.Create("C03111608002007064100000001", quantity: 2m, unitPrice: unitPrice, serviceDate: new DateOnly(2026, 3, 1),
            insuranceType: InsuranceType.Employee, poolingArea: "141100");

    private static ConsumablePricer PricerOf(params Type[] rules) => PricerOf(new ConsumablesRulesOptions(), rules);

    private static ConsumablePricer PricerOf(ConsumablesRulesOptions options, params Type[] rules)
    {
        NRulesPricing.Attach(options, NRulesVisitRules.Load(spec => spec.From(rules)));
        return ConsumablePricer.Create(PolicyTimeline.Create([PolicyVersion.Default]), options);
    }

    [Fact]
    public void A_line_alone_skips_the_stage_when_every_rule_needs_a_context_fact()
    {
        var rules = NRulesVisitRules.Load(static spec => spec.From(typeof(IcuNeedsApproval), typeof(CapAt1000)));
        Assert.False(rules.MatchesLineAlone);
        Assert.True(rules.MayMatch([new Scenario("any")]));
        Assert.True(rules.MayMatch([new Ward("GEN")]));
        Assert.False(rules.MayMatch(["a string matches no rule"]));

        var pricer = PricerOf(typeof(IcuNeedsApproval), typeof(CapAt1000));
        var line = Line();
        Assert.Empty(PricingLaws.Differences(pricer.Price(line), Plain.Price(line)));
        Assert.Equal(0, Allocations.OfPricing(pricer, line));
    }

    [Fact]
    public void A_rule_over_lines_alone_still_applies_to_a_line_priced_on_its_own()
    {
        var rules = NRulesVisitRules.Load(static spec => spec.From(typeof(LineAlone), typeof(IcuNeedsApproval)));
        Assert.True(rules.MatchesLineAlone);
        var pricer = PricerOf(typeof(LineAlone), typeof(IcuNeedsApproval));
        Assert.Equal("test/odd-price", Assert.Single(pricer.Price(Line(123.456789m)).RuleWarnings).Code);
        Assert.Empty(pricer.Price(Line()).RuleWarnings);
        Assert.Equal("test/odd-price", Assert.Single(pricer.PriceVisit([Line(123.456789m)])[0].RuleWarnings).Code);
    }

    [Fact]
    public void Facts_a_rule_inserted_are_gone_before_the_threads_next_visit()
    {
        var pricer = PricerOf(typeof(Mark), typeof(Marked), typeof(CapAt1000));
        var marked = pricer.PriceVisit([Line(), Line()], [new Scenario("mark")]);
        Assert.All(marked, static r => Assert.Equal("test/marked", Assert.Single(r.RuleWarnings).Code));

        // The same thread's session runs the next visit (CapAt1000 can match it); the marker must not be there.
        var next = pricer.PriceVisit([Line(), Line()], [new Scenario("cap")]);
        Assert.All(next, static r => Assert.Empty(r.RuleWarnings));
    }

    [Theory]
    [InlineData("update-loop")]
    [InlineData("insert-loop")]
    public void A_rule_that_never_comes_to_rest_fails_its_visits_lines_and_the_next_visit_goes_on(string scenario)
    {
        var pricer = PricerOf(typeof(UpdateLoop), typeof(InsertLoop), typeof(CapAt1000));
        var expectedRule = scenario == "update-loop" ? "test/update-loop" : "test/insert-loop";
        var before = GC.GetAllocatedBytesForCurrentThread();
        var results = pricer.PriceVisit([Line(), Line()], [new Scenario(scenario), new Tick(0)]);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.All(results, r =>
        {
            var error = Assert.Single(r.Errors);
            Assert.Equal("rule-failed", error.CodeName);
            Assert.Equal(expectedRule, error.Rule);
            Assert.Contains("10,000", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        });
        Assert.True(allocated < 512L * 1024 * 1024, $"{allocated:N0} bytes allocated by one visit");

        var next = pricer.PriceVisit([Line()], [new Scenario("cap")]);
        Assert.True(next[0].IsPriced);
        Assert.Empty(next[0].Errors);
    }

    [Fact]
    public void The_firing_limit_is_an_option()
    {
        var pricer = PricerOf(new ConsumablesRulesOptions { MaxUserRuleFirings = 50 }, typeof(UpdateLoop));
        var error = Assert.Single(pricer.PriceVisit([Line()], [new Scenario("update-loop")])[0].Errors);
        Assert.Contains("after 50 firings", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PricerOf(new ConsumablesRulesOptions { MaxUserRuleFirings = 0 }, typeof(UpdateLoop)));
    }

    [Theory]
    [InlineData("eleven-digits", "12345678901")]
    [InlineData("seven-decimals", "1.0000001")]
    public void A_limit_beyond_the_platforms_width_is_rule_failed(string scenario, string value)
    {
        var pricer = PricerOf(typeof(LimitBeyondWidth));
        var error = Assert.Single(pricer.PriceVisit([Line()], [new Scenario(scenario)])[0].Errors);
        Assert.Equal(PricingErrorCode.RuleFailed, error.Code);
        Assert.Equal("test/limit-beyond-width", error.Rule);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
        Assert.Contains("16,6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trace_renders_a_users_assertion_as_the_standard_rules_do()
    {
        var pricer = PricerOf(new ConsumablesRulesOptions { Tracing = true }, typeof(IcuNeedsApproval), typeof(CapAt1000));
        var selfPaid = pricer.PriceVisit([Line()], [new Ward("ICU")])[0];
        var entry = Assert.Single(selfPaid.Trace!, static e => e.Rule == "hospital/icu-needs-approval");
        Assert.Equal("self-pay-by-rule", Assert.Single(entry.Asserted).Value);

        var capped = pricer.PriceVisit([Line()], [new Scenario("cap")])[0];
        var limit = Assert.Single(capped.Trace!, static e => e.Rule == "test/cap-at-1000");
        Assert.Equal("1000.000000", Assert.Single(limit.Asserted).Value);
    }

    [Fact]
    public void A_rule_that_throws_names_itself_on_one_line()
    {
        var pricer = PricerOf(typeof(ThrowsOnSecondLine));
        var error = Assert.Single(pricer.PriceVisit([Line(), Line()], [new Scenario("throws")])[1].Errors);
        Assert.Equal("test/throws", error.Rule);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
    }
}
