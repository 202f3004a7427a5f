using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>A refund (退费) naming its sale (<c>init_feedetl_sn</c>) is the exact mirror of the sale's split, across a policy change too.</summary>
public class RefundTests
{
    private const string Plate = "C03111608002007064100000001";
    private static readonly AdministrativeDivision Luliang = AdministrativeDivision.Parse("141100");

    // 2025: limit 800, 20 %. 2026: limit 1000, 10 %. A sale of 1200 on 2025-12-30 splits 0 / 400 / 160 / 640; priced on
    // 2026-01-02 its refund would split 0 / −200 / −100 / −900, and the visit would not net to zero part by part.
    private static readonly ConsumablePricer Pricer = PricerOf(tracing: false);

    private static ConsumablePricer PricerOf(bool tracing) => ConsumablePricer.Create(
        PolicyTimeline.Create([Version("sx-2025", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 800m, 0.20m), Version("sx-2026", new DateOnly(2026, 1, 1), null, 1000m, 0.10m)]),
        new ConsumablesRulesOptions { Tracing = tracing });

    private static PolicyVersion Version(string id, DateOnly from, DateOnly? to, decimal limit, decimal ratio) =>
        new PolicyBuilder(id, AdministrativeDivision.Parse("140000"), from).WithEffectiveTo(to)
            .AddPreSelfPay(new PreSelfPayRow(InsuranceType.Employee, Luliang, null, PaymentCategory.B, ratio))
            .AddEntry(new CatalogueEntry
            {
                Code = CatalogueCode.Parse("C03111608002007"), Name = "plate", Category = PaymentCategory.B, ValueClass = ValueClass.Low, MaxPaymentLimit = limit,
            })
            .Build();

    private static ChargeLine Sale(string serial = "S1", decimal quantity = 1m, int day = 30, int month = 12, int year = 2025) =>
        ChargeLine.Create(Plate, quantity, 1200m, new DateOnly(year, month, day), InsuranceType.Employee, "141100", Origin.Domestic, serialNumber: serial);

    private static ChargeLine Refund(string sale = "S1", decimal quantity = -1m, string serial = "R1") =>
        ChargeLine.Create(Plate, quantity, 1200m, new DateOnly(2026, 1, 2), InsuranceType.Employee, "141100", Origin.Domestic, serialNumber: serial) with
        {
            OriginalSerialNumber = sale,
        };

    private static (decimal, decimal, decimal, decimal, decimal) Parts(PricingResult r) => (r.Total, r.FullySelfPaid, r.OverLimit, r.PreSelfPay, r.InPolicyScope);

    private static (decimal, decimal, decimal, decimal, decimal) Negated(PricingResult r) => (-r.Total, -r.FullySelfPaid, -r.OverLimit, -r.PreSelfPay, -r.InPolicyScope);

    [Fact]
    public void A_refund_after_go_live_of_a_sale_before_it_mirrors_the_sale_under_the_old_version()
    {
        var results = Pricer.PriceBatch([Sale(), Refund()]);

        Assert.True(results[1].IsPriced, string.Join("; ", results[1].Errors));
        Assert.Equal((1200m, 0m, 400m, 160m, 640m), Parts(results[0]));
        Assert.Equal(Negated(results[0]), Parts(results[1]));
        Assert.Equal(("sx-2025", "sx-2025"), (results[0].PolicyId, results[1].PolicyId));
        Assert.Equal((800m, 0.20m), (results[1].EffectiveLimit, results[1].SelfPayRatio));
        Assert.Equal(new DateOnly(2026, 1, 2), results[1].Line.ServiceDate);
        Assert.Equal(PricingWarnings.None, results[1].Warnings);
    }

    [Fact]
    public void A_refund_finds_its_sale_anywhere_in_the_batch_and_in_every_batch_form()
    {
        var other = Sale("S0", day: 3, month: 3, year: 2026);
        ChargeLine[] lines = [Refund(), other, Sale()];
        var spans = new PricingResult[3];
        Pricer.PriceBatch(lines, spans);
        var raw = Pricer.PriceBatch(lines.Select(Raw));

        foreach (var results in new[] { Pricer.PriceBatch(lines), spans, raw })
        {
            Assert.Equal(Negated(results[2]), Parts(results[0]));
            Assert.Equal("sx-2025", results[0].PolicyId);
            Assert.Equal("sx-2026", results[1].PolicyId);
        }
    }

    [Fact]
    public void A_refund_in_the_same_visit_mirrors_its_sale_and_a_partial_refund_mirrors_its_share()
    {
        var results = Pricer.PriceVisit([Sale(quantity: 3m) with { VisitId = "V" }, Refund(quantity: -1m) with { VisitId = "V" }]);

        Assert.Equal((-1200m, 0m, -400m, -160m, -640m), Parts(results[1]));
        Assert.Equal("sx-2025", results[1].PolicyId);
    }

    [Fact]
    public void A_refund_whose_sale_is_not_in_the_input_is_priced_on_its_own_date_with_refund_unmatched()
    {
        var alone = Pricer.Price(Refund());
        var batch = Pricer.PriceBatch([Refund(sale: "elsewhere")])[0];

        foreach (var r in new[] { alone, batch })
        {
            Assert.Equal(("sx-2026", PricingWarnings.RefundUnmatched), (r.PolicyId, r.Warnings));
            Assert.Equal((-1200m, 0m, -200m, -100m, -900m), Parts(r));
        }

        Assert.Equal(PricingWarnings.None, Pricer.Price(Refund() with { OriginalSerialNumber = null }).Warnings);
    }

    [Fact]
    public void The_caller_can_pass_the_sales_result_or_its_date()
    {
        var sale = Pricer.Price(Sale());

        var byResult = Pricer.PriceRefund(Refund(), sale);
        var byDate = Pricer.PriceRefund(Refund(), new DateOnly(2025, 12, 30));

        Assert.Equal(Negated(sale), Parts(byResult));
        Assert.Equal(Negated(sale), Parts(byDate));
        Assert.Equal(("sx-2025", "sx-2025"), (byResult.PolicyId, byDate.PolicyId));
        Assert.Equal(new DateOnly(2026, 1, 2), byDate.Line.ServiceDate);
    }

    [Fact]
    public void A_refund_larger_than_its_sale_is_an_error_on_the_refund_counting_earlier_refunds()
    {
        var over = Pricer.PriceBatch([Sale(quantity: 2m), Refund(quantity: -3m)]);
        var twice = Pricer.PriceBatch([Sale(quantity: 2m), Refund(quantity: -1m), Refund(quantity: -1m, serial: "R2"), Refund(quantity: -1m, serial: "R3")]);

        Assert.True(over[0].IsPriced);
        var error = Assert.Single(over[1].Errors);
        Assert.Equal(("refund-exceeds-sale", FieldNames.Quantity), (error.CodeName, error.Field));
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        Assert.True(twice[1].IsPriced && twice[2].IsPriced);
        Assert.Equal("refund-exceeds-sale", Assert.Single(twice[3].Errors).CodeName);
    }

    [Theory]
    [InlineData("refund")]
    [InlineData("context")]
    [InlineData("unpriced")]
    [InlineData("other code")]
    [InlineData("twice")]
    public void A_refund_naming_a_line_that_is_not_its_sale_is_an_error_on_the_refund(string named)
    {
        var line = named switch
        {
            "refund" => Refund(serial: "S1", sale: "S9"),
            "context" => new ChargeLine { SerialNumber = "S1", ChargeItemType = "06", ContextCode = "331501001", Quantity = 1m, ServiceDate = new DateOnly(2025, 12, 30) },
            "unpriced" => Sale() with { InsuranceType = (InsuranceType)320 },
            "other code" => Sale() with { Code = ConsumableCode.Parse("C03111608002007064100000002") },
            _ => Sale(),
        };
        ChargeLine[] lines = named == "twice" ? [line, Sale(), Refund()] : [line, Refund()];

        var error = Assert.Single(Pricer.PriceBatch(lines)[^1].Errors);

        Assert.Equal(("refund-not-a-sale", FieldNames.OriginalSerialNumber), (error.CodeName, error.Field));
        Assert.Contains("'S1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trace_of_a_mirrored_refund_names_its_sale_and_the_sales_policy()
    {
        var results = PricerOf(tracing: true).PriceBatch([Sale(), Refund()]);

        var entry = Assert.Single(results[1].Trace!, static e => e.Rule == "refund/mirrors-sale");
        Assert.Contains("line 1", entry.Because, StringComparison.Ordinal);
        Assert.Contains("'sx-2025'", entry.Because, StringComparison.Ordinal);
        Assert.Contains("2025-12-30", entry.Because, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_refund_of_a_sale_before_a_policy_change_is_the_exact_negative_of_its_sale()
    {
        var cases =
            from fen in Gen.Choose(1, 10_000_000)
            from quantity in Gen.Choose(1, 50)
            from origin in Gen.Elements(Origin.Domestic, Origin.Imported)
            select (Price: fen / 100m, Quantity: (decimal)quantity, Origin: origin);

        Check.One(PricingLaws.Configuration(500), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var sale = Sale(quantity: c.Quantity) with { UnitPrice = c.Price, Origin = c.Origin };
            var refund = Refund(quantity: -c.Quantity) with { UnitPrice = c.Price, Origin = c.Origin };
            var results = Pricer.PriceBatch([refund, sale]);
            return results[1].IsPriced && Parts(results[0]) == Negated(results[1]) && results[0].PolicyId == "sx-2025";
        }));
    }

    private static RawChargeLine Raw(ChargeLine l) => new()
    {
        SerialNumber = l.SerialNumber,
        OriginalSerialNumber = l.OriginalSerialNumber is null ? null : " " + l.OriginalSerialNumber + " ",
        Code = l.Code.ToString(),
        Quantity = l.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        UnitPrice = l.UnitPrice.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ServiceTime = l.ServiceDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        InsuranceType = "310",
        PoolingArea = "141100",
        Origin = "1",
    };
}
