using System.Text;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;
using Consumables.Rules.Pricing;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>
/// What a policy states as rules: restriction kinds as catalogues write them, procurement prices, a high-value entry
/// without a median, the previous policy as a default entry, and origin from the registration's real forms.
/// </summary>
public class PolicyRuleTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);
    private const string Drill = "C13010100100101000010000001";
    private const string Winner = "C02010100200301100010000001";   // the sample's winner at 590.00
    private const string Plate = "C03111608002007064100000001";    // the sample's high-value plate, no median

    private static PolicyLoadResult Load(string json) => PolicyVersion.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static string PolicyJson(string id, string extra, string catalogue = "[]", string effectiveFrom = "2026-01-01") => $$"""
        { "format": "consumables-policy/1", "id": "{{id}}", "province": "140000", "effectiveFrom": "{{effectiveFrom}}", "itemCap": 50000.00,
          "catalogue": {{catalogue}},
          "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.10 } ] {{extra}} }
        """;

    private static ConsumablePricer PricerOf(bool tracing, params PolicyVersion[] policies) =>
        ConsumablePricer.Create(PolicyTimeline.Create(policies), new ConsumablesRulesOptions { Tracing = tracing });

    private static ChargeLine Line(string code, decimal price, string? visit = "V1") =>
        ChargeLine.Create(code, 1m, price, Day, InsuranceType.Employee, "141100", Origin.Domestic) with { VisitId = visit, ChargeItemType = "08" };

    private static ChargeLine Service(string code) => new()
    {
        VisitId = "V1", ChargeItemType = "06", ContextCode = code, Quantity = 1m, UnitPrice = 1500m, ServiceDate = Day,
        InsuranceType = InsuranceType.Employee, PoolingArea = AdministrativeDivision.Parse("141100"),
    };

    private static PolicyVersion WithRestriction(string restriction) => Load(PolicyJson("r", string.Empty,
        $$"""[ { "code": "C13010100100101", "name": "钻头", "category": "B", "valueClass": "low", "restriction": {{restriction}} } ]""")).GetValueOrThrow();

    [Fact]
    public void A_not_together_with_restriction_is_payable_alone_and_fully_self_paid_when_the_visit_bills_the_item()
    {
        var pricer = PricerOf(true, WithRestriction("""{ "kind": "notTogetherWith", "text": "不能与项目“使用微动力系统加收”同时收取", "serviceItems": ["331501001"] }"""));

        var alone = pricer.PriceVisit([Line(Drill, 1500m)])[0];
        var together = pricer.PriceVisit([Service("331501001"), Line(Drill, 1500m)])[1];

        Assert.Equal((0m, 150m, 1350m), (alone.FullySelfPaid, alone.PreSelfPay, alone.InPolicyScope));
        Assert.False(alone.Warnings.HasFlag(PricingWarnings.NotTogetherWith));
        Assert.Equal((1500m, 0m), (together.FullySelfPaid, together.InPolicyScope));
        Assert.True(together.Warnings.HasFlag(PricingWarnings.NotTogetherWith));
        var note = Assert.Single(together.Trace!, static e => e.Rule == "restriction/notTogetherWith");
        Assert.Contains("331501001", note.Because, StringComparison.Ordinal);
        Assert.Contains(together.Trace!, static e => e.Rule == "restricted-not-together-self-pay" && e.Fired);
    }

    [Fact]
    public void A_not_together_with_restriction_needs_no_text()
    {
        var pricer = PricerOf(false, WithRestriction("""{"kind": "notTogetherWith", "serviceItems": ["331501001"]}"""));

        Assert.Equal(0m, pricer.PriceVisit([Line(Drill, 1500m)])[0].FullySelfPaid);
        Assert.Equal(1500m, pricer.PriceVisit([Service("331501001"), Line(Drill, 1500m)])[1].FullySelfPaid);
        Assert.Equal(1500m, pricer.Price(Line(Drill, 1500m, visit: null) with { ServiceItemCode = "331501001" }).FullySelfPaid);
    }

    [Fact]
    public void A_restriction_without_a_kind_keeps_its_meaning_payable_only_with_its_item_or_approval()
    {
        var pricer = PricerOf(false, WithRestriction("""{ "text": "限治疗类手术使用", "serviceItems": ["331501001"] }"""));

        Assert.Equal(1500m, pricer.PriceVisit([Line(Drill, 1500m)])[0].FullySelfPaid);
        Assert.Equal(0m, pricer.PriceVisit([Service("331501001"), Line(Drill, 1500m)])[1].FullySelfPaid);
        Assert.Equal(0m, pricer.Price(Line(Drill, 1500m) with { HospitalApproval = HospitalApproval.Approved }).FullySelfPaid);
    }

    [Fact]
    public void A_note_has_no_effect_on_payment_and_is_shown_in_the_trace()
    {
        var pricer = PricerOf(true, WithRestriction("""{ "kind": "note", "text": "不含眼内屈光矫正手术" }"""));

        var r = pricer.Price(Line(Drill, 1500m));

        Assert.Equal((0m, 1350m), (r.FullySelfPaid, r.InPolicyScope));
        Assert.True(r.IsRestricted);
        Assert.Contains("不含眼内屈光矫正手术", Assert.Single(r.Trace!, static e => e.Rule == "restriction/note").Because, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, HospitalApproval.None, 0)]         // met: payable without approval
    [InlineData(12, HospitalApproval.Approved, 1500)] // unmet: self-paid even when approved
    [InlineData(null, HospitalApproval.None, 1500)]   // not supplied, not approved: self-paid
    [InlineData(null, HospitalApproval.Approved, 0)]  // not supplied, approved: the approval decides
    public void A_conditions_restriction_checks_what_the_line_supplies_and_leaves_the_rest_to_the_approval(int? age, HospitalApproval approval, decimal selfPaid)
    {
        var pricer = PricerOf(false, WithRestriction("""{ "kind": "conditions", "text": "限：1.7岁以下儿童语前聋", "maxAge": 7, "diagnoses": ["H90"] }"""));

        var r = pricer.Price(Line(Drill, 1500m) with { PatientAge = age, DiagnosisCode = age is null ? null : "H90.3", HospitalApproval = approval });

        Assert.Equal(selfPaid, r.FullySelfPaid);
    }

    [Fact]
    public void A_conditions_restriction_is_unmet_on_another_diagnosis_or_med_type()
    {
        var pricer = PricerOf(false, WithRestriction("""{ "kind": "conditions", "text": "限：1.住院患者", "diagnoses": ["H90"], "medTypes": ["21"] }"""));
        var line = Line(Drill, 1500m) with { DiagnosisCode = "h90.3", MedicalType = MedicalType.Inpatient };

        Assert.Equal(0m, pricer.Price(line).FullySelfPaid);
        Assert.Equal(1500m, pricer.Price(line with { DiagnosisCode = "J18" }).FullySelfPaid);
        Assert.Equal(1500m, pricer.Price(line with { MedicalType = MedicalType.Outpatient, HospitalApproval = HospitalApproval.Approved }).FullySelfPaid);
    }

    [Fact]
    public void An_unknown_restriction_kind_is_a_load_problem_at_its_path()
    {
        var problem = Assert.Single(Load(PolicyJson("r", string.Empty,
            """[ { "code": "C13010100100101", "name": "钻头", "category": "B", "valueClass": "low", "restriction": { "kind": "maybe", "text": "x" } } ]""")).Problems);

        Assert.Equal("$.catalogue[0].restriction.kind", problem.Path);
    }

    [Fact]
    public void Restriction_kinds_and_conditions_round_trip_through_the_file()
    {
        var policy = WithRestriction("""{ "kind": "conditions", "text": "限：1.7岁以下", "minAge": 1, "maxAge": 7, "diagnoses": ["H90"], "medTypes": ["21"] }""");

        var again = Load(policy.ToJson()).GetValueOrThrow();

        Assert.Equal(policy.Catalogue[0].Restriction, again.Catalogue[0].Restriction);
        Assert.Equal(policy.ToJson(), again.ToJson());
    }

    [Fact]
    public void A_line_billed_above_its_winning_price_is_flagged_and_the_excess_is_over_limit()
    {
        var r = ConsumablePricer.CreateDefault().Price(ChargeLine.Create(Winner, 1m, 600m, Day, InsuranceType.Employee, "141100"));

        Assert.True(r.Warnings.HasFlag(PricingWarnings.AboveWinningPrice));
        Assert.Equal((PriceBasis.ProcurementWinner, 10m, 59m, 531m), (r.PriceBasis, r.OverLimit, r.PreSelfPay, r.InPolicyScope));
        Assert.False(ConsumablePricer.CreateDefault().Price(ChargeLine.Create(Winner, 1m, 590m, Day, InsuranceType.Employee, "141100")).Warnings.HasFlag(PricingWarnings.AboveWinningPrice));
    }

    [Fact]
    public void A_winning_price_above_its_entrys_limit_is_a_load_problem_naming_the_procurement_path()
    {
        var builder = PolicyBuilder.From(PolicyVersion.Default);
        var stent = PolicyVersion.Default.Catalogue.Single(static e => e.Code == CatalogueCode.Parse("C02010100200301"));
        builder.SetEntry(stent with { MaxPaymentLimit = 600m });

        var problem = Assert.Single(builder.TryBuild().Problems);

        Assert.Equal("$.procurement[0].winners[1].price", problem.Path);
        Assert.Contains("720", problem.Message, StringComparison.Ordinal);
        Assert.Contains("600", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_default_states_its_no_median_choice_and_why()
    {
        Assert.Equal(NoMedianTreatment.ActualPrice, PolicyVersion.Default.NoMedian);
        Assert.Contains("中位价", PolicyVersion.Default.NoMedianReason, StringComparison.Ordinal);
        Assert.DoesNotContain(PolicyVersion.Default.CheckCoverage(), static p => p.Path == "$.noMedian");
    }

    [Theory]
    [InlineData(NoMedianTreatment.ActualPrice, 0, 100, null)]
    [InlineData(NoMedianTreatment.SelfPay, 1000, 0, null)]
    [InlineData(NoMedianTreatment.Reject, 0, 0, "no-settlement-median")]
    public void A_high_value_entry_without_a_median_is_priced_as_the_policy_states(NoMedianTreatment treatment, decimal selfPaid, decimal preSelfPay, string? error)
    {
        var policy = PolicyBuilder.From(PolicyVersion.Default).WithNoMedian(treatment, "test").Build();

        var r = ConsumablePricer.Create(PolicyTimeline.Create([policy])).Price(ChargeLine.Create(Plate, 1m, 1000m, Day, InsuranceType.Employee, "141100"));

        Assert.Equal(error, r.Errors.SingleOrDefault()?.CodeName);
        Assert.Equal((selfPaid, preSelfPay), (r.FullySelfPaid, r.PreSelfPay));
        Assert.Equal(error is null, r.Warnings.HasFlag(PricingWarnings.NoSettlementMedian));
    }

    [Fact]
    public void Validate_warns_when_the_policy_does_not_say_how_to_price_an_entry_without_a_median()
    {
        var policy = PolicyBuilder.From(PolicyVersion.Default).WithNoMedian(null).Build();

        var warning = Assert.Single(policy.CheckCoverage(), static p => p.Path == "$.noMedian");

        Assert.Contains("C03111608002007", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fallback_policy_with_only_a_default_entry_and_banded_ratio_rows_prices_a_code_the_new_policy_does_not_list()
    {
        var previous = Load($$"""
            { "format": "consumables-policy/1", "id": "sx-old", "province": "140000", "effectiveFrom": "2020-01-01", "effectiveTo": "2025-12-31",
              "itemCap": 50000.00, "catalogue": [],
              "noMedian": "actualPrice",
              "defaultEntry": { "name": "原有政策", "category": "B", "valueClass": "byPrice", "highValueFrom": 1000.00, "maxPaymentLimit": 20000.00 },
              "preSelfPay": [
                { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.05, "minUnitPrice": null, "maxUnitPrice": 1000.00 },
                { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.20, "minUnitPrice": 1000.00, "maxUnitPrice": null } ] }
            """).GetValueOrThrow();
        var current = PolicyBuilder.From(PolicyVersion.Default).WithFallbackPolicy("sx-old").Build();
        var pricer = PricerOf(true, previous, current);
        const string Unlisted = "C99010100100101800080000001";

        var cheap = pricer.Price(ChargeLine.Create(Unlisted, 1m, 200m, Day, InsuranceType.Employee, "141100"));
        var dear = pricer.Price(ChargeLine.Create(Unlisted, 1m, 25000m, Day, InsuranceType.Employee, "141100"));

        Assert.Empty(cheap.Errors);
        Assert.Equal(("sx-old", 10m, 190m, CatalogueLevel.Default), (cheap.PolicyId, cheap.PreSelfPay, cheap.InPolicyScope, cheap.Entry!.Level));
        Assert.True(cheap.Warnings.HasFlag(PricingWarnings.DefaultEntry) && cheap.Warnings.HasFlag(PricingWarnings.FallbackPolicy));
        Assert.Contains(cheap.Trace!, static e => e.Rule == "default-entry" && e.Fired);
        Assert.Equal((5000m, 4000m, 16000m), (dear.OverLimit, dear.PreSelfPay, dear.InPolicyScope));
        Assert.Equal(ValueClass.High, dear.Entry!.ValueClass);
    }

    [Fact]
    public void A_default_entry_round_trips_and_a_by_price_entry_without_threshold_is_a_problem()
    {
        var good = Load(PolicyJson("d", """, "defaultEntry": { "name": "原有政策", "category": "B", "valueClass": "byPrice", "highValueFrom": 500 } """)).GetValueOrThrow();
        var bad = Load(PolicyJson("d", """, "defaultEntry": { "category": "B", "valueClass": "byPrice" } """));

        Assert.Equal(good.ToJson(), Load(good.ToJson()).GetValueOrThrow().ToJson());
        Assert.Equal("$.defaultEntry.highValueFrom", Assert.Single(bad.Problems).Path);
    }

    [Fact]
    public void A_city_filing_with_xu_in_its_prefix_gets_the_domestic_ratio()
    {
        var policy = PolicyBuilder.From(PolicyVersion.Default)
            .AddProduct(new Product { Code = ConsumableCode.Parse("C01010100101001047440000009"), Registration = "豫许械备20200012号" })
            .Build();

        var r = ConsumablePricer.Create(PolicyTimeline.Create([policy])).Price(ChargeLine.Create("C01010100101001047440000009", 1m, 1000m, Day, InsuranceType.Employee, "141100"));

        Assert.Empty(r.Errors);
        Assert.Equal(0.10m, r.SelfPayRatio);
    }

    [Fact]
    public void A_hong_kong_macao_taiwan_registration_takes_the_policys_choice()
    {
        const string Code = "C01010100101001047440000009";
        var permit = new Product { Code = ConsumableCode.Parse(Code), Registration = "国械注许20183460002" };
        var imported = PolicyBuilder.From(PolicyVersion.Default).AddProduct(permit).Build();
        var domestic = Load(PolicyBuilder.From(imported).WithHongKongMacaoTaiwanOrigin(Origin.Domestic).Build().ToJson()).GetValueOrThrow();
        var line = ChargeLine.Create(Code, 1m, 1000m, Day, InsuranceType.Employee, "141100");

        Assert.Equal(0.15m, ConsumablePricer.Create(PolicyTimeline.Create([imported])).Price(line).SelfPayRatio);
        Assert.Equal(0.10m, ConsumablePricer.Create(PolicyTimeline.Create([domestic])).Price(line).SelfPayRatio);
    }
}
