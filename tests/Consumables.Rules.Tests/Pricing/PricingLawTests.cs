using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>Every pricing law through the shipped Testing kit (one source of truth), 10,000 generated lines each.</summary>
public class PricingLawTests
{
    private const int Lines = 10_000;
    private static readonly ConsumablePricer Pricer = ConsumablePricer.CreateDefault();
    private static readonly PolicyVersion Policy = PolicyVersion.Default;
    private static readonly Config Runs = PricingLaws.Configuration(Lines);

    [Fact]
    public void Every_amount_is_its_exact_value_rounded_half_away_from_zero_to_the_fen() => Check.One(Runs, PricingLaws.Rounding(Pricer, Policy));

    [Fact]
    public void A_line_given_as_the_platforms_text_prices_as_the_typed_line() => Check.One(Runs, PricingLaws.RawTextPricesAsTyped(Pricer, Policy));

    [Fact]
    public void A_visit_returns_every_line_in_order_context_lines_as_context() => Check.One(PricingLaws.Configuration(500), PricingLaws.VisitReturnsEveryLine(Pricer, Policy));

    [Fact]
    public void Conservation_to_the_fen() => Check.One(Runs, PricingLaws.Conservation(Pricer, Policy));

    [Fact]
    public void Every_part_has_the_sign_of_the_total() => Check.One(Runs, PricingLaws.Signs(Pricer, Policy));

    [Fact]
    public void Class_C_and_not_listed_lines_have_no_in_policy_amount() => Check.One(Runs, PricingLaws.SelfPaidHaveNoInPolicyScope(Pricer, Policy));

    [Fact]
    public void The_allowed_price_respects_every_limit() => Check.One(Runs, PricingLaws.Limits(Pricer, Policy));

    [Fact]
    public void Raising_the_price_never_lowers_the_patients_share() => Check.One(Runs, PricingLaws.MonotonicInPrice(Pricer, Policy));

    [Fact]
    public void Imported_pays_at_least_domestic_under_the_Luliang_rows() => Check.One(Runs, PricingLaws.ImportedPaysAtLeastDomestic(Pricer, Policy));

    [Fact]
    public void A_refund_mirrors_its_line() => Check.One(Runs, PricingLaws.Mirror(Pricer, Policy));

    [Fact]
    public void Pricing_is_deterministic() => Check.One(Runs, PricingLaws.Deterministic(Pricer, Policy));

    [Fact]
    public void Amounts_limits_and_ratios_carry_the_platforms_scale() => Check.One(Runs, PricingLaws.PlatformScale(Pricer, Policy));

    [Fact]
    public void A_batch_equals_its_lines_in_any_order() => Check.One(PricingLaws.Configuration(500), PricingLaws.BatchEqualsLines(Pricer, Policy));

    [Fact]
    public void Raising_the_ratio_never_lowers_pre_self_pay()
    {
        var ratios = Gen.Choose(0, 10_000).Two().Select(static t => (Low: Math.Min(t.Item1, t.Item2) / 10_000m, High: Math.Max(t.Item1, t.Item2) / 10_000m));
        var cases = from line in PricingGenerators.LinesFor(Policy) from pair in ratios select (line, pair);
        var pricers = new Dictionary<decimal, ConsumablePricer>();
        ConsumablePricer With(decimal ratio)
        {
            if (!pricers.TryGetValue(ratio, out var pricer))
            {
                var builder = PolicyBuilder.From(Policy);
                var policy = builder.Build();
                var rows = policy.PreSelfPay.Rows.Select(r => r with { Ratio = ratio }).ToList();
                var changed = PolicyBuilder.From(policy);
                changed.ClearPreSelfPay();
                rows.ForEach(r => changed.AddPreSelfPay(r));
                pricer = pricers[ratio] = ConsumablePricer.Create(PolicyTimeline.Create([changed.Build()]));
            }

            return pricer;
        }

        Check.One(PricingLaws.Configuration(300), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var line = c.line with { Quantity = Math.Abs(c.line.Quantity) };
            var low = With(c.pair.Low).Price(line);
            var high = With(c.pair.High).Price(line);
            return !low.IsPriced || !high.IsPriced || high.PreSelfPay >= low.PreSelfPay;
        }));
    }
}
