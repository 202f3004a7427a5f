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
    public void A_failing_law_names_the_law_the_line_in_platform_codes_and_ISO_dates_and_the_amounts()
    {
        var broken = new LeakingPricer(ConsumablePricer.CreateDefault());
        var failure = Assert.Throws<PricingLawException>(() => Check.One("conservation", PricingLaws.Configuration(200), PricingLaws.Conservation(broken, PolicyVersion.Default)));

        Assert.Equal("conservation", failure.Law);
        Assert.Contains("conservation", failure.Message, StringComparison.Ordinal);
        Assert.Matches(@"fee_ocur_time 20\d\d-\d\d-\d\d", failure.Message);
        Assert.Matches(@"med_list_codg C\d{26}, cnt -?\d+(\.\d+)?, pric \d+(\.\d+)?, fee_ocur_time", failure.Message);
        Assert.Matches(@"insutype (310|390)", failure.Message);
        Assert.Matches(@"det_item_fee_sumamt -?\d+\.\d\d = fulamt_ownpay_amt", failure.Message);
        Assert.DoesNotMatch(@"\d+/\d+/20\d\d", failure.Message);
    }

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

    /// <summary>A wrapper that loses a fen of in-policy-scope on every priced line with a total: conservation must fail.</summary>
    private sealed class LeakingPricer(IConsumablePricer inner) : IConsumablePricer
    {
        public PolicyTimeline Policies => inner.Policies;

        public PricingResult Price(in ChargeLine line) => Leak(inner.Price(line));

        public PricingResult Price(RawChargeLine line) => Leak(inner.Price(line));

        public PricingResult Explain(in ChargeLine line) => Leak(inner.Explain(line));

        public void PriceBatch(ReadOnlySpan<ChargeLine> lines, Span<PricingResult> results)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                results[i] = Price(lines[i]);
            }
        }

        public IReadOnlyList<PricingResult> PriceBatch(IEnumerable<ChargeLine> lines) => [.. lines.Select(l => Price(l))];

        public IReadOnlyList<PricingResult> PriceBatch(IEnumerable<RawChargeLine> lines) => [.. lines.Select(Price)];

        public IReadOnlyList<PricingResult> PriceVisit(IReadOnlyList<ChargeLine> lines, IEnumerable<object>? facts = null) => [.. inner.PriceVisit(lines, facts).Select(Leak)];

        public PricingResult PriceRefund(in ChargeLine refund, in PricingResult sale) => Leak(inner.PriceRefund(refund, sale));

        public PricingResult PriceRefund(in ChargeLine refund, DateOnly saleDate) => Leak(inner.PriceRefund(refund, saleDate));

        private static PricingResult Leak(PricingResult r) => r.IsPriced && r.Total != 0m ? r with { InPolicyScope = r.InPolicyScope - 0.01m } : r;
    }
}
