using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Reconciliation;

/// <summary>
/// The platform played by a second pricer under a policy that differs in one thing (the ratios, the limits), or by the
/// split recomputed with half-even rounding: every difference must take that one cause.
/// </summary>
public class ReconciliationPropertyTests
{
    private const int Lines = 2_000;
    private static readonly PolicyVersion Policy = PolicyVersion.Default;
    private static readonly ConsumablePricer Pricer = ConsumablePricer.CreateDefault();
    private static readonly Rules.Reconciliation Reconciler = new(Pricer);
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(Lines);

    [Fact]
    public void The_rules_own_split_always_agrees()
    {
        var property = Prop.ForAll(PricingGenerators.LinesFor(Policy).ToArbitrary(), line =>
        {
            var ours = Pricer.Price(line);
            return !ours.IsPriced || Reconciler.Reconcile(line, ReconciliationTests.Returned(ours)).Status == ReconciliationStatus.Agrees;
        });
        Check.One(Runs, property);
    }

    [Fact]
    public void A_platform_with_other_ratios_differs_only_by_ratio()
    {
        var platforms = new Dictionary<decimal, ConsumablePricer>();
        ConsumablePricer Platform(decimal ratio)
        {
            if (!platforms.TryGetValue(ratio, out var pricer))
            {
                var builder = PolicyBuilder.From(Policy).ClearPreSelfPay();
                foreach (var row in Policy.PreSelfPay.Rows)
                {
                    builder.AddPreSelfPay(row with { Ratio = ratio });
                }

                pricer = platforms[ratio] = ConsumablePricer.Create(PolicyTimeline.Create([builder.Build()]));
            }

            return pricer;
        }

        var differing = 0;
        var cases = from line in PricingGenerators.LinesFor(Policy) from ratio in Gen.Choose(0, 100).Select(static r => r / 100m) select (line, ratio);
        var property = Prop.ForAll(cases.ToArbitrary(), c => OnlyCause(c.line, Platform(c.ratio).Price(c.line), DifferenceCause.Ratio, ref differing));
        Check.One(Runs, property);
        Assert.True(differing > Lines / 40, $"only {differing} lines differed");
    }

    [Fact]
    public void A_platform_with_other_limits_differs_only_by_limit()
    {
        var platforms = new Dictionary<decimal, ConsumablePricer>();
        ConsumablePricer Platform(decimal shift)
        {
            if (!platforms.TryGetValue(shift, out var pricer))
            {
                var builder = PolicyBuilder.From(Policy);
                var medians = builder.Medians.Select(m => m with { Median = m.Median + shift }).ToList();
                builder.Medians.Clear();
                builder.Medians.AddRange(medians);
                var entries = builder.Entries.Select(e => e with { MaxPaymentLimit = e.MaxPaymentLimit + shift }).ToList();
                builder.Entries.Clear();
                builder.Entries.AddRange(entries);
                pricer = platforms[shift] = ConsumablePricer.Create(PolicyTimeline.Create([builder.Build()]));
            }

            return pricer;
        }

        var differing = 0;
        var cases = from line in PricingGenerators.LinesFor(Policy) from shift in Gen.Elements(-250.00m, -0.01m, 0.37m, 199.99m) select (line, shift);
        var property = Prop.ForAll(cases.ToArbitrary(), c => OnlyCause(c.line, Platform(c.shift).Price(c.line), DifferenceCause.Limit, ref differing));
        Check.One(Runs, property);
        Assert.True(differing > 0, "no line differed");
    }

    [Fact]
    public void A_platform_rounding_half_to_even_differs_only_by_rounding()
    {
        // Half-fen products are rare among arbitrary lines: quantities of halves and quarters and prices in odd fen make them common.
        var lines =
            from line in PricingGenerators.LinesFor(Policy)
            from quarters in Gen.Choose(1, 40)
            from fen in Gen.Choose(1, 500_000)
            select line with { Quantity = quarters / 4m, UnitPrice = ((fen * 2) + 1) / 100m };
        var differing = 0;
        var property = Prop.ForAll(lines.ToArbitrary(), line =>
        {
            var ours = Pricer.Price(line);
            return !ours.IsPriced || OnlyCause(line, HalfEven(line, ours), DifferenceCause.Rounding, ref differing);
        });
        Check.One(Runs, property);
        Assert.True(differing > Lines / 40, $"only {differing} lines differed");
    }

    [Fact]
    public void Any_returned_text_is_read_or_reported_by_field_never_thrown()
    {
        var raw = new RawChargeLine
        {
            Code = "C14010200100101300010000010", Quantity = "3", UnitPrice = "5.55", ServiceTime = "2026-03-05", InsuranceType = "310", PoolingArea = "141100",
        };
        var texts = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>(),
            Gen.Elements("16.65", "1.66", "0.1000", "02", "1", "1.005", "-0.01", "1e3", " 1", "0x10", "NaN", "79228162514264337593543950336", "١٢٣", "<b>", ""));
        var fields = Gen.ListOf(
            from name in Gen.Elements(ReturnedSplit.FieldNamesRead.Append(FieldNames.Code).ToArray())
            from text in texts
            select new KeyValuePair<string, string?>(name, text));
        var property = Prop.ForAll(fields.ToArbitrary(), list =>
        {
            var result = Reconciler.Reconcile(raw, list);
            return result.Status == ReconciliationStatus.Error
                ? result.Errors.Count > 0 && result.Errors.All(static e => e.Message.Length > 0 && (ReturnedSplit.FieldNamesRead.Contains(e.Field)))
                : result.Fields.All(static f => f.Agrees || f.Explanation.Length > 0);
        });
        Check.One(Runs, property);
    }

    /// <summary>The split another system rounding half to even would return, from the rules' own limit and ratio.</summary>
    private static PricingResult HalfEven(in ChargeLine line, in PricingResult ours)
    {
        static decimal Even(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.ToEven);
        var total = Even(line.UnitPrice * line.Quantity);
        if (ours.PriceBasis == PriceBasis.SelfPay)
        {
            return ours with { Total = total, FullySelfPaid = total };
        }

        var allowed = Math.Min(line.UnitPrice, ours.EffectiveLimit);
        var overLimit = Even((line.UnitPrice - allowed) * line.Quantity);
        var preSelfPay = Even((total - overLimit) * ours.SelfPayRatio);
        return ours with { Total = total, OverLimit = overLimit, PreSelfPay = preSelfPay, InPolicyScope = total - overLimit - preSelfPay };
    }

    private static bool OnlyCause(in ChargeLine line, in PricingResult platform, DifferenceCause cause, ref int differing)
    {
        if (!platform.IsPriced || !Pricer.Price(line).IsPriced)
        {
            return true;
        }

        var result = Reconciler.Reconcile(line, ReconciliationTests.Returned(platform));
        if (result.Status == ReconciliationStatus.Differs)
        {
            differing++;
        }

        var holds = result.Status != ReconciliationStatus.Error
            && result.Differences.All(f => f.Cause == cause && f.Explanation.Length > 0);
        Assert.True(holds, $"{line}: " + string.Join(" | ", result.Differences.Select(static f => $"{f.Field} {f.Ours} vs {f.Platform}: {f.CauseName} {f.Explanation}")) + string.Join(";", result.Errors));
        return holds;
    }
}
