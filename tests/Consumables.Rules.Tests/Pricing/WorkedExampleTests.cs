using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Engine;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>Lines priced by hand (in each test's comment) against the library, under the embedded default policy.</summary>
public class WorkedExampleTests
{
    private static readonly ConsumablePricer Pricer = ConsumablePricer.CreateDefault();

    private static PricingResult Price(string code, decimal quantity, decimal price, string area = "141100", Origin? origin = null,
        HospitalApproval approval = HospitalApproval.None, string? item = null, InsuranceType insurance = InsuranceType.Employee) =>
        Pricer.Price(ChargeLine.Create(code, quantity, price, new DateOnly(2026, 3, 2), insurance, area, origin, approval, item));

    private static void AssertSplit(PricingResult r, decimal selfPaid, decimal overLimit, decimal preSelfPay, decimal inScope)
    {
        Assert.True(r.IsPriced, string.Join("; ", r.Errors));
        Assert.Equal((selfPaid, overLimit, preSelfPay, inScope), (r.FullySelfPaid, r.OverLimit, r.PreSelfPay, r.InPolicyScope));
    }

    [Fact]
    public void Price_1200_over_a_limit_of_1000_at_ten_percent_splits_0_200_100_900()
    {
        // Paediatric bone plate, class B, maximum payment limit 1000, domestic (准), Lüliang employee 10%:
        // total 1200; over-limit (1200 − 1000) × 1 = 200; pre-self-pay (1200 − 200) × 10% = 100; in scope 1200 − 200 − 100 = 900.
        var r = Price("C03111608002007064100000001", 1m, 1200m);

        AssertSplit(r, 0m, 200m, 100m, 900m);
        Assert.Equal(1000m, r.EffectiveLimit);
        Assert.Equal(0.10m, r.SelfPayRatio);
        Assert.Equal("02", r.ChargeItemLevel);
        Assert.Equal(PricingWarnings.NoSettlementMedian, r.Warnings);
    }

    [Fact]
    public void A_procurement_non_winner_is_capped_at_the_groups_highest_winning_price()
    {
        // Group winners at 590 and 720 → limit 720. Domestic non-winner at 1000: over-limit 280; pre-self-pay 720 × 10% = 72; in scope 648.
        var r = Price("C02010100200301300030000001", 1m, 1000m);

        AssertSplit(r, 0m, 280m, 72m, 648m);
        Assert.Equal(PriceBasis.ProcurementGroup, r.PriceBasis);
        Assert.Equal(720m, r.EffectiveLimit);
    }

    [Fact]
    public void A_procurement_winner_is_paid_at_its_winning_price()
    {
        // Imported winner (进) at 800, winning price 720: over-limit 80; pre-self-pay 720 × 15% = 108; in scope 612.
        var r = Price("C02010100200301200020000001", 1m, 800m);

        AssertSplit(r, 0m, 80m, 108m, 612m);
        Assert.Equal(PriceBasis.ProcurementWinner, r.PriceBasis);
    }

    [Fact]
    public void A_high_value_item_above_the_item_cap_is_paid_at_most_50000()
    {
        // Heart valve, median 62,000, item cap 50,000 → limit 50,000. Imported at 70,000:
        // over-limit 20,000; pre-self-pay 50,000 × 15% = 7,500; in scope 42,500.
        var r = Price("C07010100100101500050000001", 1m, 70_000m, area: "141102", origin: Origin.Imported);

        AssertSplit(r, 0m, 20_000m, 7_500m, 42_500m);
        Assert.Equal(50_000m, r.EffectiveLimit);
        Assert.Equal(PriceBasis.SettlementMedian, r.PriceBasis);
    }

    [Fact]
    public void A_restricted_item_is_paid_in_a_named_service_item_or_with_approval_only()
    {
        // Haemostatic material, limit 300, restricted to service item 331501001. Domestic 250 × 2 = 500: pre-self-pay 50, in scope 450.
        AssertSplit(Price("C12010100300101600060000001", 2m, 250m, origin: Origin.Domestic, item: "331501001"), 0m, 0m, 50m, 450m);

        // Approved by the hospital (hosp_appr_flag 1) without the named item: 250 → pre-self-pay 25, in scope 225.
        AssertSplit(Price("C12010100300101600060000001", 1m, 250m, origin: Origin.Domestic, approval: HospitalApproval.Approved), 0m, 0m, 25m, 225m);

        // Neither: fully self-paid, ratio 1, restricted flag set.
        var refused = Price("C12010100300101600060000001", 1m, 250m, origin: Origin.Domestic);
        AssertSplit(refused, 250m, 0m, 0m, 0m);
        Assert.True(refused.IsRestricted);
        Assert.Equal(1m, refused.SelfPayRatio);
        Assert.Equal(PriceBasis.SelfPay, refused.PriceBasis);
    }

    [Fact]
    public void A_refund_line_is_the_exact_mirror_of_its_positive_line()
    {
        // −1 × 1200 of the bone plate: every part of the 0/200/100/900 split, negated.
        AssertSplit(Price("C03111608002007064100000001", -1m, 1200m), 0m, -200m, -100m, -900m);
    }

    [Fact]
    public void A_resident_line_under_the_default_policy_fails_for_the_missing_ratio()
    {
        // The notices do not publish the residents' ratio, so the default policy has no resident row: never guessed.
        var r = Price("C14010200100101300010000010", 3m, 5.5m, insurance: InsuranceType.Resident);

        var error = Assert.Single(r.Errors);
        Assert.Equal(PricingErrorCode.MissingRatio, error.Code);
        Assert.Equal("insutype", error.Field);
        Assert.Contains("must be configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Class_C_is_fully_self_paid_with_level_03()
    {
        var r = Price("C05020300100201700070000001", 1m, 3000m, origin: Origin.Domestic);

        AssertSplit(r, 3000m, 0m, 0m, 0m);
        Assert.Equal("03", r.ChargeItemLevel);
    }

    [Fact]
    public void A_code_not_in_the_catalogue_is_an_error_or_self_paid_with_a_warning_when_configured()
    {
        const string Code = "C99010100100101800080000001";
        var error = Assert.Single(Price(Code, 1m, 120m, origin: Origin.Domestic).Errors);
        Assert.Equal(PricingErrorCode.NotListed, error.Code);
        Assert.Equal("med_list_codg", error.Field);

        var lenient = ConsumablePricer.Create(new ConsumablesRulesOptions { NotListed = NotListedTreatment.SelfPayWithWarning });
        var r = lenient.Price(ChargeLine.Create(Code, 1m, 120m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100"));
        AssertSplit(r, 120m, 0m, 0m, 0m);
        Assert.Equal(PricingWarnings.NotListed, r.Warnings);
    }

    [Fact]
    public void A_recoded_code_is_priced_under_its_new_code_with_a_warning()
    {
        // …0009 is disabled and recoded to …0010: priced as …0010 (5.50 × 4 = 22.00, 10% → 2.20).
        var r = Price("C14010200100101300010000009", 4m, 5.5m);

        AssertSplit(r, 0m, 0m, 2.2m, 19.8m);
        Assert.Equal(ConsumableCode.Parse("C14010200100101300010000010"), r.PricedCode);
        Assert.Equal(PricingWarnings.Recoded, r.Warnings);
    }

    [Fact]
    public void A_disabled_code_names_its_replacement_when_recoding_is_off()
    {
        var pricer = ConsumablePricer.Create(new ConsumablesRulesOptions { MapRecodedCodes = false });

        var r = pricer.Price(ChargeLine.Create("C14010200100101300010000009", 1m, 5.5m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100"));

        var error = Assert.Single(r.Errors);
        Assert.Equal(PricingErrorCode.DisabledCode, error.Code);
        Assert.Contains("C14010200100101300010000010", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-12-31", "141100", "310", "1", "5.50", PricingErrorCode.NoPolicyInForce, "fee_ocur_time")]
    [InlineData("2026-03-02", "110100", "310", "1", "5.50", PricingErrorCode.MissingRatio, "insuplc_admdvs")]
    [InlineData("2026-03-02", "141100", "320", "1", "5.50", PricingErrorCode.UnsupportedInsuranceType, "insutype")]
    [InlineData("2026-03-02", "141100", "310", "0", "5.50", PricingErrorCode.ZeroQuantity, "cnt")]
    [InlineData("2026-03-02", "141100", "310", "-0", "5.50", PricingErrorCode.ZeroQuantity, "cnt")]
    [InlineData("2026-03-02", "141100", "310", "1", "-5.50", PricingErrorCode.NegativePrice, "pric")]
    [InlineData("2026-03-02", "141100", "310", "1.00001", "5.50", PricingErrorCode.InvalidField, "cnt")]
    [InlineData("2026-03-02", "14110", "310", "1", "5.50", PricingErrorCode.InvalidField, "insuplc_admdvs")]
    [InlineData("2026.03.02", "141100", "310", "1", "5.50", PricingErrorCode.InvalidField, "fee_ocur_time")]
    public void Bad_lines_get_a_typed_error_naming_the_field(string date, string area, string insutype, string cnt, string pric, PricingErrorCode code, string field)
    {
        var raw = new RawChargeLine
        {
            Code = "C14010200100101300010000010", Quantity = cnt, UnitPrice = pric, ServiceTime = date,
            InsuranceType = insutype, PoolingArea = area,
        };

        var error = Assert.Single(Pricer.Price(raw).Errors);

        Assert.Equal((code, field), (error.Code, error.Field));
    }

    [Fact]
    public void Unknown_origin_is_an_error_only_when_the_table_needs_it()
    {
        // An unregistered stent code with no prodplac_type: Lüliang's rows differ by origin.
        var r = Price("C01010100101001999990000001", 1m, 7000m);

        Assert.Equal(PricingErrorCode.UnknownOrigin, Assert.Single(r.Errors).Code);
    }

    [Fact]
    public void Explain_returns_a_trace_naming_the_clauses()
    {
        var r = Pricer.Explain(ChargeLine.Create("C03111608002007064100000001", 1m, 1200m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100"));

        Assert.NotNull(r.Trace);
        Assert.Contains(r.Trace!, static e => e.Rule == "limit/maximum-payment-limit" && e.Fired);
        Assert.Contains(r.Trace!, static e => e.Rule == "class-c-self-pay" && !e.Fired && e.Because == "category is C — failed (B)");
    }

    [Fact]
    public void The_trace_says_what_was_tested_and_whether_it_held_in_the_platforms_codes()
    {
        var resident = Pricer.Explain(ChargeLine.Create("C03111608002007064100000001", 1m, 1200m, new DateOnly(2026, 3, 2), InsuranceType.Resident, "141100"));
        var employee = Pricer.Explain(ChargeLine.Create("C03111608002007064100000001", 1m, 1200m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100") with { HospitalApproval = HospitalApproval.Rejected });

        Assert.Equal("insutype is not 390 — failed (390)", resident.Trace!.Single(static e => e.Rule == "reject/unsupported-insurance-type").Because);
        Assert.Equal("insutype is not 310 — failed (310)", employee.Trace!.Single(static e => e.Rule == "reject/unsupported-insurance-type").Because);
        var rejected = employee.Trace!.Single(static e => e.Rule == "hospital-rejected-self-pay");
        Assert.True(rejected.Fired);
        Assert.Equal("hosp_appr_flag is 2 (rejected) — held (2)", rejected.Because);
        Assert.Equal([new AssertedFact("coverage", "self-pay-rejected")], rejected.Asserted);
    }

    [Fact]
    public void An_aggregate_contribution_shows_the_rules_own_value_and_the_folded_result()
    {
        var r = Pricer.Explain(ChargeLine.Create("C03111608002007064100000001", 1m, 1200m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100"));

        var entry = r.Trace!.Single(static e => e.Rule == "limit/maximum-payment-limit");
        Assert.Equal([new AssertedFact("limit", "1000.000000", "1000.000000", "min")], entry.Asserted);
        var cap = r.Trace!.Single(static e => e.Rule == "limit/item-cap");
        Assert.Equal([new AssertedFact("limit", "1000.000000", "50000.000000", "min")], cap.Asserted);
        var ratio = r.Trace!.Single(static e => e.Rule == "pre-self-pay/ratio");
        Assert.Equal([new AssertedFact("selfpay_prop", "0.1000")], ratio.Asserted);
    }

    [Fact]
    public void Pricing_a_line_with_tracing_off_allocates_nothing()
    {
        var line = ChargeLine.Create("C02010100200301300030000001", 1m, 1000m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100");

        Assert.Equal(0, PricingAllocations.Of(Pricer, line));
    }

    [Fact]
    public void Rejecting_a_line_allocates_nothing_and_its_error_is_built_when_read()
    {
        ChargeLine[] lines =
        [
            ChargeLine.Create("C02010100200301300030000001", 1m, 1000m, new DateOnly(2026, 3, 2), InsuranceType.Resident, "141100"),
            ChargeLine.Create("C02010100200301300030000001", 0m, 1000m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100"),
            ChargeLine.Create("C02010100200301300030000001", 1m, 1000m, new DateOnly(2025, 3, 2), InsuranceType.Employee, "141100"),
            ChargeLine.Create("C02010100200301300030000001", 1m, 1000m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "110000"),
        ];
        foreach (var line in lines)
        {
            Pricer.Price(line);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var rejected = 0;
        for (var i = 0; i < 10_000; i++)
        {
            rejected += Pricer.Price(lines[i & 3]).IsPriced ? 0 : 1;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_000, rejected);
        // The fourth line is insured outside the province: priced under this catalogue, it has no ratio row (none named for such patients).
        Assert.Equal(["missing-ratio", "zero-quantity", "no-policy", "missing-ratio"], lines.Select(l => Assert.Single(Pricer.Price(l).Errors).CodeName));
        Assert.Contains("110000", Pricer.Price(lines[3]).Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(Pricer.Price(lines[0]), Pricer.Price(lines[0]));
    }
}
