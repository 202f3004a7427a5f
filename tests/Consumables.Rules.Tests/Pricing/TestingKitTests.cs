using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>Runs that read the process's standard output, kept apart from every other test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary>The testing kit is quiet when a law holds and, when one fails, says which law, which line and which amounts.</summary>
[Collection(ConsoleCollection.Name)]
public class TestingKitTests
{
    [Fact]
    public void A_law_that_holds_prints_nothing()
    {
        var written = CaptureOut(() =>
        {
            PricingLaws.CheckAll(ConsumablePricer.CreateDefault(), PolicyVersion.Default, count: 50);
            Check.One(PricingLaws.Configuration(50), Prop.ForAll(PricingGenerators.Quantities.ToArbitrary(), static q => q != 0m));
        });

        Assert.Equal(string.Empty, written);
    }

    [Fact]
    public void A_failing_law_names_the_law_the_shrunk_line_in_platform_codes_and_ISO_dates_what_broke_and_the_replay()
    {
        var failure = Assert.Throws<PricingLawException>(() => Check.One(PricingLaws.Configuration(200), PricingLaws.Conservation(Leaking, PolicyVersion.Default)));

        Assert.Equal("conservation", failure.Law);
        Assert.StartsWith("Pricing law 'conservation' fails: falsified after ", failure.Message, StringComparison.Ordinal);
        Assert.Matches(@"shrunk [1-9]\d* times?\.", failure.Message);
        Assert.Matches(@"med_list_codg C\d{26}, cnt 1, pric \d+(\.\d\d?)?, fee_ocur_time 2026-01-01, insutype 310", failure.Message);
        Assert.Matches(@"fulamt_ownpay_amt \+ overlmt_amt \+ preselfpay_amt \+ inscp_scp_amt = -?\d+\.\d\d, det_item_fee_sumamt -?\d+\.\d\d: they differ by -0\.01", failure.Message);
        Assert.Matches(@"det_item_fee_sumamt -?\d+\.\d\d = fulamt_ownpay_amt", failure.Message);
        Assert.Contains($"PricingLaws.Check(\"conservation\", pricer, policy, replay: \"{failure.Replay}\");", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d+/\d+/20\d\d", failure.Message);
        Assert.Equal(1m, failure.Line!.Value.Quantity);
    }

    [Fact]
    public void A_replay_runs_the_same_failing_case_again()
    {
        var failure = Assert.Throws<PricingLawException>(() => PricingLaws.CheckAll(Leaking, PolicyVersion.Default, 1_000));

        var again = Assert.Throws<PricingLawException>(() => PricingLaws.Check(failure.Law, Leaking, PolicyVersion.Default, replay: failure.Replay));

        Assert.Equal(failure.Line, again.Line);
        Assert.Equal(failure.Replay, again.Replay);
        Assert.StartsWith("Pricing law 'rounding' fails: falsified after 1 test, ", again.Message, StringComparison.Ordinal);
        Assert.Contains("the laws are: rounding, conservation", Assert.Throws<ArgumentException>(() => PricingLaws.Check("no such law", Leaking, PolicyVersion.Default)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_users_own_property_fails_with_its_labels_and_the_replay_through_the_configuration()
    {
        var failure = Assert.Throws<PricingLawException>(() => Check.One(PricingLaws.Configuration(500),
            Prop.ForAll(PricingGenerators.ArbitraryLinesFor(PolicyVersion.Default), static line => (line.UnitPrice < 100m).Label("the price is below 100"))));

        Assert.Equal(string.Empty, failure.Law);
        Assert.StartsWith("The property fails: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the price is below 100", failure.Message, StringComparison.Ordinal);
        Assert.Equal(100m, failure.Line!.Value.UnitPrice);
        Assert.Contains($"Check.One(PricingLaws.Configuration(1, replay: \"{failure.Replay}\"), property);", failure.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(static () => PricingLaws.Configuration(1, replay: "not a seed"));
    }

    [Fact]
    public void A_law_checked_under_another_name_keeps_its_own()
    {
        var failure = Assert.Throws<PricingLawException>(() => Check.One("my billing", PricingLaws.Configuration(200), PricingLaws.Conservation(Leaking, PolicyVersion.Default)));

        Assert.Equal("conservation", failure.Law);
        Assert.StartsWith("Pricing law 'conservation' (in 'my billing') fails", failure.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> RoundingBugs => [.. WrongRoundings.Keys];

    [Theory]
    [MemberData(nameof(RoundingBugs))]
    public void The_rounding_law_catches_each_wrong_rounding(string bug)
    {
        var wrapper = new WrappedPricer(ConsumablePricer.CreateDefault(), WrongRoundings[bug]);

        var failure = Assert.Throws<PricingLawException>(() => Check.One(PricingLaws.Configuration(10_000), PricingLaws.Rounding(wrapper, PolicyVersion.Default)));

        Assert.Equal("rounding", failure.Law);
        Assert.Matches(@"(overlmt_amt|preselfpay_amt|inscp_scp_amt) -?\d+(\.\d+)?: (-?\d+\.\d\d expected, the (exact|remainder)|2 decimals expected)", failure.Message);
    }

    [Fact]
    public void The_rounding_law_names_a_wrong_scale()
    {
        var wrapper = new WrappedPricer(ConsumablePricer.CreateDefault(), static r => r with { PreSelfPay = r.PreSelfPay / 1.0000000000000m });

        var failure = Assert.Throws<PricingLawException>(() => Check.One(PricingLaws.Configuration(2_000), PricingLaws.Rounding(wrapper, PolicyVersion.Default)));

        Assert.Matches(@"preselfpay_amt \d+(\.\d)?: 2 decimals expected", failure.Message);
    }

    [Fact]
    public void The_platform_scale_law_names_the_field_its_value_and_the_decimals_expected()
    {
        var wrapper = new WrappedPricer(ConsumablePricer.CreateDefault(), WrapperBugs.All["in-policy-scope rounded again at 1 decimal"]);

        var failure = Assert.Throws<PricingLawException>(() => PricingLaws.Check("platform scale", wrapper, PolicyVersion.Default, 2_000));

        Assert.Matches(@"inscp_scp_amt -?\d+\.\d: 2 decimals expected", failure.Message);
    }

    [Fact]
    public void Same_as_passes_for_equal_pricers_and_names_every_field_that_differs()
    {
        var policy = PolicyVersion.Default;
        Check.One(PricingLaws.Configuration(2_000), PricingLaws.SameAs(ConsumablePricer.CreateDefault(), ConsumablePricer.CreateDefault(), policy));

        var failure = Assert.Throws<PricingLawException>(() => Check.One(PricingLaws.Configuration(2_000), PricingLaws.SameAs(Leaking, ConsumablePricer.CreateDefault(), policy)));

        Assert.Equal("same as the reference", failure.Law);
        Assert.Matches(@"inscp_scp_amt -?\d+\.\d\d, the reference -?\d+\.\d\d", failure.Message);
        Assert.Contains("Check.One(PricingLaws.Configuration(1, replay: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shrinking_goes_toward_one_unit_round_prices_and_the_policys_first_day()
    {
        Assert.Equal(1m, PricingGenerators.ShrinkQuantity(68.6625m).First());
        Assert.Equal(68.6625m, PricingGenerators.ShrinkQuantity(-68.6625m).First());
        Assert.Contains(68.7m, PricingGenerators.ShrinkQuantity(68.6625m));
        Assert.Contains(0.6625m, PricingGenerators.ShrinkQuantity(68.6625m));
        Assert.Contains(1000m, PricingGenerators.ShrinkUnitPrice(1234.57m));
        Assert.Contains(1234.6m, PricingGenerators.ShrinkUnitPrice(1234.57m));
        Assert.Empty(PricingGenerators.ShrinkQuantity(1m));

        var policy = PolicyVersion.Default;
        var line = ChargeLine.Create("C03111608002007064100000001", 3.5m, 1234.57m, policy.EffectiveFrom.AddDays(40), InsuranceType.Resident, "141102",
            origin: Origin.Imported, hospitalApproval: HospitalApproval.Rejected, serviceItemCode: "331501001");
        var shrunk = PricingGenerators.ShrinkerFor(policy)(line).ToList();
        Assert.Contains(line with { Quantity = 1m, UnitPrice = 4321m }, shrunk);
        Assert.Contains(line with { ServiceDate = policy.EffectiveFrom }, shrunk);
        Assert.Contains(line with { InsuranceType = InsuranceType.Employee }, shrunk);
        Assert.Contains(line with { Origin = null }, shrunk);
        Assert.Contains(line with { HospitalApproval = HospitalApproval.None }, shrunk);
        Assert.Contains(line with { ServiceItemCode = null }, shrunk);
        Assert.Contains(shrunk, static l => l.Code.ToString() != "C03111608002007064100000001");
    }

    [Fact]
    public void Shrinking_always_ends_on_a_line_that_cannot_shrink_further()
    {
        var shrink = PricingGenerators.ShrinkerFor(PolicyVersion.Default);
        Check.One(PricingLaws.Configuration(200), Prop.ForAll(PricingGenerators.ArbitraryLinesFor(PolicyVersion.Default), line =>
        {
            var steps = 0;
            for (var next = shrink(line).FirstOrDefault(); next != default; next = shrink(next).FirstOrDefault())
            {
                line = next;
                steps++;
            }

            return (steps < 1_000 && Math.Abs(line.Quantity) == 1m && line.ServiceDate == PolicyVersion.Default.EffectiveFrom).Label(Invariant($"after {steps} steps: cnt {line.Quantity}"));
        }));
    }

    [Fact]
    public void About_one_generated_line_in_ten_prices_on_a_pre_self_pay_midpoint()
    {
        var pricer = ConsumablePricer.CreateDefault();
        var lines = PricingGenerators.LinesFor(PolicyVersion.Default).Sample(50, new Rnd(20260101UL), 4_000).Select(l => pricer.Price(l)).Where(static r => r.IsPriced && r.PriceBasis != PriceBasis.SelfPay).ToList();
        var midpoints = lines.Count(static r => (r.Total - r.OverLimit) * r.SelfPayRatio * 1000m % 10m is 5m or -5m);
        Assert.InRange(midpoints, lines.Count / 20, lines.Count);
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Roundings a billing integration gets wrong, each on the payable lines' amounts.</summary>
    private static readonly Dictionary<string, Func<PricingResult, PricingResult>> WrongRoundings = new(WrapperBugs.All)
    {
        ["pre-self-pay truncated"] = static r =>
        {
            var pre = Math.Round((r.Total - r.OverLimit) * r.SelfPayRatio, 2, MidpointRounding.ToZero);
            return r with { PreSelfPay = pre, InPolicyScope = r.Total - r.OverLimit - pre };
        },
        ["pre-self-pay rounded away from zero at the wrong step (before the total and over-limit are rounded)"] = static r =>
        {
            var pre = Math.Round(r.AllowedUnitPrice * r.Line.Quantity * r.SelfPayRatio, 2, MidpointRounding.AwayFromZero);
            return r with { PreSelfPay = pre, InPolicyScope = r.Total - r.OverLimit - pre };
        },
        ["pre-self-pay a fen off"] = static r => r.PreSelfPay == 0m ? r : r with { PreSelfPay = r.PreSelfPay + 0.01m, InPolicyScope = r.InPolicyScope - 0.01m },
    };

    /// <summary>A wrapper that loses a fen of in-policy-scope on every priced line with a total: conservation must fail.</summary>
    private static readonly IConsumablePricer Leaking = new WrappedPricer(ConsumablePricer.CreateDefault(), static r => r.Total != 0m ? r with { InPolicyScope = r.InPolicyScope - 0.01m } : r);

    private static string CaptureOut(Action action)
    {
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            action();
        }
        finally
        {
            Console.SetOut(original);
        }

        return captured.ToString();
    }
}
