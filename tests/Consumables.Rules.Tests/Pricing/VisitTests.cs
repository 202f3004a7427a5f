using Consumables.Rules.Policy;
using Consumables.Rules.Pricing;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>PriceVisit: without users' rules it equals pricing line by line; users' actions go through the same split.</summary>
public class VisitTests
{
    private static readonly PolicyVersion Policy = PolicyVersion.Default;
    // One patient per visit; consumable lines only (VisitContextTests covers what context lines change).
    private static readonly Gen<ChargeLine[]> Visits = PricingGenerators.VisitsFor(Policy).Select(static v => v.Where(static l => !l.IsContext).ToArray());

    [Fact]
    public void A_visit_without_users_rules_equals_its_lines_priced_one_by_one()
    {
        var pricer = ConsumablePricer.CreateDefault();
        Check.One(PricingLaws.Configuration(300), Prop.ForAll(Visits.ToArbitrary(), lines =>
        {
            var visit = pricer.PriceVisit(lines);
            var differences = lines.SelectMany((l, i) => PricingLaws.Differences(visit[i], pricer.Price(l)).Select(d => $"line {i + 1}: {d}")).ToList();
            return (visit.Count == lines.Length && differences.Count == 0).Label(string.Join(Environment.NewLine, differences));
        }));
    }

    [Fact]
    public void Users_actions_keep_every_line_conserved_and_in_order()
    {
        var rules = new DelegateRules(visit =>
        {
            foreach (var line in visit.Lines)
            {
                switch (line.Index % 4)
                {
                    case 0: line.MakeSelfPaid("every fourth line is self-paid"); break;
                    case 1: line.ApplyLimit(line.Line.UnitPrice / 2m, "half the price"); break;
                    case 2: line.Warn("hospital/check", "check the order"); break;
                    default: line.Reject("hospital/blocked", "blocked by the hospital"); break;
                }
            }
        });
        var pricer = PricerWith(rules);
        var plain = ConsumablePricer.CreateDefault();
        Prop.ForAll(Visits.ToArbitrary(), lines =>
        {
            var results = pricer.PriceVisit(lines);
            for (var i = 0; i < lines.Length; i++)
            {
                var r = results[i];
                var before = plain.Price(lines[i]);
                Assert.Equal(lines[i], r.Line);
                if (!before.IsPriced)
                {
                    Assert.Equal(before.Errors, r.Errors);
                    continue;
                }

                if (r.IsPriced)
                {
                    Assert.Equal(r.Total, r.FullySelfPaid + r.OverLimit + r.PreSelfPay + r.InPolicyScope);
                    Assert.True(r.EffectiveLimit <= before.EffectiveLimit || before.PriceBasis == PriceBasis.SelfPay);
                }

                var payable = before.FullySelfPaid == 0m;
                switch (i % 4)
                {
                    case 0: Assert.Equal(r.Total, r.FullySelfPaid); Assert.Equal(PriceBasis.SelfPay, r.PriceBasis); break;
                    case 1: Assert.Equal(payable ? Math.Min(before.EffectiveLimit, lines[i].UnitPrice / 2m) : before.EffectiveLimit, r.EffectiveLimit); break;
                    case 2: Assert.Equal("hospital/check", Assert.Single(r.RuleWarnings).Code); break;
                    default: Assert.Equal("hospital/blocked", Assert.Single(r.Errors).CodeName); break;
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void A_meaningless_action_is_refused_naming_the_value()
    {
        var line = ConsumablePricer.CreateDefault();
        var rules = new DelegateRules(visit => visit.Lines[0].ApplyLimit(-1m, "negative"));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => rules.Run(Visit(line)));
        Assert.Contains("-1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DelegateRules(v => v.Lines[0].Reject("", "empty code")).Run(Visit(line)));
    }

    [Fact]
    public void A_stage_that_throws_fails_its_visit_lines_not_the_batch()
    {
        var pricer = PricerWith(new DelegateRules(static _ => throw new InvalidOperationException("boom")));
        var results = pricer.PriceVisit([Sample(), Sample()]);
        Assert.All(results, static r => Assert.Equal("rule-failed", Assert.Single(r.Errors).CodeName));
        Assert.Contains("boom", results[0].Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_shows_a_users_action_under_its_rule_name()
    {
        var rules = new DelegateRules(visit =>
        {
            visit.CurrentRule = "hospital/cap";
            visit.Lines[0].ApplyLimit(100m, "the hospital caps this item at 100");
        });
        var result = PricerWith(rules).Explain(Sample());
        var entry = Assert.Single(result.Trace!, static e => e.Rule == "hospital/cap");
        Assert.True(entry.Fired);
        Assert.Equal("the hospital caps this item at 100", entry.Because);
        Assert.Equal(100m, result.EffectiveLimit);
    }

    private static ChargeLine Sample() => ChargeLine.Create("C03111608002007064100000001", 2m, 1200.00m, new DateOnly(2026, 3, 1), InsuranceType.Employee, "141100");

    private static PricingVisit Visit(ConsumablePricer pricer)
    {
        _ = pricer;
        var visit = new PricingVisit([]);
        visit.SetLines([new PricedLine(visit, 0, Sample(), new LineFacts { Coverage = Coverage.Payable, Limit = 100m }, PolicyVersion.Default, null)]);
        return visit;
    }

    private static ConsumablePricer PricerWith(IVisitRules rules) =>
        ConsumablePricer.Create(PolicyTimeline.Create([PolicyVersion.Default]), new ConsumablesRulesOptions { VisitRules = rules });

    private sealed class DelegateRules(Action<PricingVisit> run) : IVisitRules
    {
        public bool HasRules => true;

        public void Run(PricingVisit visit) => run(visit);
    }
}
