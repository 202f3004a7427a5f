using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>A visit's context lines (service items, drugs…) satisfy a restricted entry's named service item; a visit is one patient's.</summary>
public class VisitContextTests
{
    private const string Haemostatic = "C12010100300101000010000001";  // restricted to service item 331501001 (open surgery), limit 300

    private static readonly ConsumablePricer Pricer = ConsumablePricer.CreateDefault();

    private static ChargeLine Consumable(string serial, string area = "141100", InsuranceType insurance = InsuranceType.Employee) =>
        ChargeLine.Create(Haemostatic, 1m, 200m, new DateOnly(2026, 3, 2), insurance, area, Origin.Domestic, serialNumber: serial, visitId: "V1", chargeItemType: "08");

    private static ChargeLine Service(string serial, string code, string type = "06") =>
        ChargeLine.ServiceItem(code, 1m, 1500m, new DateOnly(2026, 3, 2), "V1", type, InsuranceType.Employee, "141100", serial);

    [Fact]
    public void The_factories_build_a_consumable_line_and_a_context_line_of_one_visit()
    {
        var consumable = Consumable("1");
        var surgery = Service("2", "331501001");

        Assert.Equal(("V1", "08", false), (consumable.VisitId, consumable.ChargeItemType, consumable.IsContext));
        Assert.Equal(("V1", "06", "331501001", true), (surgery.VisitId, surgery.ChargeItemType, surgery.ContextCode, surgery.IsContext));
        Assert.Throws<ArgumentException>(() => ChargeLine.ServiceItem("331501001", 1m, 1m, new DateOnly(2026, 3, 2), "V1", "08"));
        Assert.Throws<ArgumentException>(() => ChargeLine.ServiceItem(" ", 1m, 1m, new DateOnly(2026, 3, 2), "V1"));
        Assert.Throws<ArgumentException>(() => ChargeLine.Create(Haemostatic, 1m, 1m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100", chargeItemType: "06"));
    }

    [Fact]
    public void Lines_results_and_traces_read_as_one_line_of_text_with_iso_dates()
    {
        var pricer = ConsumablePricer.Create(new ConsumablesRulesOptions { Tracing = true });
        var results = pricer.PriceVisit([Service("1", "331501001"), Consumable("2"), Consumable("3", area: "141102")]);
        var alone = pricer.Price(Consumable("4"));

        Assert.Equal("06 331501001 × 1 at 1500 on 2026-03-02 (insutype 310, area 141100, visit V1, feedetl_sn 1)", results[0].Line.ToString());
        Assert.Equal("context line: " + results[0].Line, results[0].ToString());
        Assert.Equal("200.00 = 200.00 + 0.00 + 0.00 + 0.00 under sx-2026-b1 (SelfPay): C12010100300101000010000001 × 1 at 200 on 2026-03-02 (insutype 310, area 141100, origin Domestic, visit V1, feedetl_sn 4)", alone.ToString());
        Assert.StartsWith("not priced: visit-mismatch (mdtrt_id): ", results[1].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("z__", results[1].ToString(), StringComparison.Ordinal);
        Assert.Contains("restricted-use-self-pay: ", alone.Trace!.ToString(), StringComparison.Ordinal);
        Assert.Equal(alone.Trace!.Count, alone.Trace.ToString().Split('\n').Length);
    }

    [Fact]
    public void A_restricted_item_is_payable_when_its_named_surgery_is_billed_in_the_same_visit()
    {
        var results = Pricer.PriceVisit([Service("1", "331501001"), Consumable("2")]);

        Assert.True(results[0].IsContext);
        Assert.Empty(results[0].Errors);
        Assert.Equal((0m, 0m), (results[0].Total, results[0].InPolicyScope));
        Assert.Equal((0m, 20m, 180m), (results[1].FullySelfPaid, results[1].PreSelfPay, results[1].InPolicyScope));
    }

    [Fact]
    public void A_restricted_item_is_fully_self_paid_in_a_visit_without_its_named_surgery()
    {
        var results = Pricer.PriceVisit([Service("1", "331502002"), Consumable("2"), Service("3", "331501002", type: "05")]);

        Assert.Equal((200m, 0m), (results[1].FullySelfPaid, results[1].InPolicyScope));
        Assert.Equal(200m, Pricer.Price(Consumable("2")).FullySelfPaid);
    }

    [Fact]
    public void The_trace_names_the_line_that_billed_the_service_item()
    {
        var pricer = ConsumablePricer.Create(new ConsumablesRulesOptions { Tracing = true });

        var trace = pricer.PriceVisit([Consumable("1"), Service("2", "331501001")])[0].Trace!;

        var note = Assert.Single(trace, static e => e.Rule == "visit/service-item-billed");
        Assert.Contains("line 2", note.Because, StringComparison.Ordinal);
        Assert.Contains("331501001", note.Because, StringComparison.Ordinal);
        Assert.DoesNotContain(trace, static e => e.Rule == "restricted-use-self-pay" && e.Fired);
    }

    [Theory]
    [InlineData("003315010010000")]
    [InlineData("331501001-HZ01")]
    [InlineData(" 003315010010000 ")]
    public void A_context_line_billing_the_service_item_in_its_national_form_unlocks_the_restriction(string code)
    {
        var results = Pricer.PriceVisit([Service("1", code), Consumable("2")]);

        Assert.Equal((0m, 20m, 180m), (results[1].FullySelfPaid, results[1].PreSelfPay, results[1].InPolicyScope));
    }

    [Fact]
    public void A_surgery_charged_and_refunded_in_the_visit_unlocks_nothing()
    {
        var refunded = Pricer.PriceVisit([Service("1", "003315010010000"), Consumable("2"), Service("3", "003315010010000") with { Quantity = -1m }]);
        var zero = Pricer.PriceVisit([Service("1", "331501001") with { Quantity = 0m }, Consumable("2")]);
        var undated = Pricer.PriceVisit([Service("1", "331501001") with { ServiceDate = default }, Consumable("2")]);

        Assert.All([refunded[1], zero[1], undated[1]], static r => Assert.Equal((200m, 0m), (r.FullySelfPaid, r.InPolicyScope)));
    }

    [Fact]
    public void A_context_line_with_unreadable_fields_unlocks_nothing()
    {
        RawChargeLine Raw(string serial, string type, string code, string cnt, string time) => new()
        {
            SerialNumber = serial, VisitId = "V1", ChargeItemType = type, Code = code, Quantity = cnt, UnitPrice = type == "08" ? "200" : "1500",
            ServiceTime = time, InsuranceType = "310", PoolingArea = "141100", Origin = "1",
        };

        ChargeLine Read(RawChargeLine raw) => ChargeLine.TryParse(raw, out var line, out var errors) ? line : throw new InvalidOperationException(string.Join("; ", errors));

        var bad = Pricer.PriceVisit([Read(Raw("1", "06", "331501001", "abc", "1999-99-99")), Read(Raw("2", "08", Haemostatic, "1", "2026-03-02"))]);
        var badPrice = Pricer.PriceVisit([Read(Raw("1", "06", "331501001", "1", "2026-03-02") with { UnitPrice = "x" }), Read(Raw("2", "08", Haemostatic, "1", "2026-03-02"))]);
        var good = Pricer.PriceVisit([Read(Raw("1", "06", "331501001", "1", "2026-03-02")), Read(Raw("2", "08", Haemostatic, "1", "2026-03-02"))]);

        Assert.Equal(200m, bad[1].FullySelfPaid);
        Assert.Equal(200m, badPrice[1].FullySelfPaid);
        Assert.Equal(180m, good[1].InPolicyScope);
    }

    [Fact]
    public void The_trace_names_the_first_valid_positive_line_that_billed_the_item()
    {
        var pricer = ConsumablePricer.Create(new ConsumablesRulesOptions { Tracing = true });

        var trace = pricer.PriceVisit([Service("1", "331501001") with { Quantity = 0m }, Consumable("2"), Service("3", "003315010010000")])[1].Trace!;

        var note = Assert.Single(trace, static e => e.Rule == "visit/service-item-billed");
        Assert.Contains("line 3", note.Because, StringComparison.Ordinal);
        Assert.Contains("003315010010000", note.Because, StringComparison.Ordinal);
    }

    [Fact]
    public void A_visit_whose_lines_disagree_on_insured_area_or_insurance_type_is_an_error_on_its_lines()
    {
        var areas = Pricer.PriceVisit([Consumable("1"), Consumable("2", area: "141102"), Service("3", "331501001")]);
        var types = Pricer.PriceVisit([Consumable("1"), Consumable("2", insurance: InsuranceType.Resident)]);

        Assert.All(areas.Take(2).Concat(types), static r => Assert.Equal("visit-mismatch", Assert.Single(r.Errors).CodeName));
        Assert.Contains("141102 (line 2)", areas[0].Errors[0].Message, StringComparison.Ordinal);
        Assert.True(areas[2].IsContext);
        Assert.Empty(areas[2].Errors);
    }

    [Fact]
    public void A_visit_beyond_the_size_limit_is_an_error_on_every_line()
    {
        var lines = Enumerable.Repeat(Consumable("1"), ConsumablePricer.MaxVisitLines + 1).ToArray();

        var results = Pricer.PriceVisit(lines);

        Assert.Equal(lines.Length, results.Count);
        Assert.All(results, static r => Assert.Equal("visit-too-large", Assert.Single(r.Errors).CodeName));
    }

    [Fact]
    public void A_visit_prices_each_consumable_as_if_it_named_the_service_item_its_visit_bills()
    {
        // The law of visits: context lines come back unpriced and error-free; a consumable line is priced as on its own,
        // except that a restricted entry's named service item billed by the visit counts as the line's own.
        var policy = PolicyVersion.Default;
        Prop.ForAll(PricingGenerators.VisitsFor(policy).ToArbitrary(), lines =>
        {
            var results = Pricer.PriceVisit(lines);
            var billed = lines.Where(static l => l.IsContext).Select(static l => l.ContextCode).ToHashSet();
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.IsContext)
                {
                    Assert.True(results[i].IsContext && results[i].Errors.Count == 0 && results[i].Total == 0m);
                    continue;
                }

                var expected = line;
                if (policy.TryGetEntry(line.Code.CatalogueCode, out var entry) && entry.Restriction is { } r && !r.AllowsServiceItem(line.ServiceItemCode)
                    && r.ServiceItems.FirstOrDefault(billed.Contains) is { } item)
                {
                    expected = line with { ServiceItemCode = item };
                }

                var alone = Pricer.Price(expected);
                Assert.Equal((alone.Total, alone.FullySelfPaid, alone.OverLimit, alone.PreSelfPay, alone.InPolicyScope, alone.Warnings),
                    (results[i].Total, results[i].FullySelfPaid, results[i].OverLimit, results[i].PreSelfPay, results[i].InPolicyScope, results[i].Warnings));
                Assert.Equal(alone.Errors.Select(static e => e.Code), results[i].Errors.Select(static e => e.Code));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
