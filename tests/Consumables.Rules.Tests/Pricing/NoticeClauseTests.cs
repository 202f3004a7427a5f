using System.Collections.Immutable;
using System.Text;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Engine;
using Consumables.Rules.Policy;
using Consumables.Rules.Pricing;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>
/// The clauses of the Shanxi notice (晋医保办发〔2025〕11号, forwarded by 吕医保发〔2025〕44号) and NHSA practice that the
/// rules implement: codes outside the catalogue, the product registry (不得串换), out-of-province patients, the
/// hospital's own codes, and the policy's own figures. docs/pricing.md maps each clause to its test here.
/// </summary>
public class NoticeClauseTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);
    private static readonly AdministrativeDivision Shanxi = AdministrativeDivision.Parse("140000");

    private const string Plate = "C03111608002007064100000001";     // 国械注准 (domestic), limit 1000
    private const string NotListed = "C99010100100101800080000001";

    private static ChargeLine Line(string code, decimal price = 100m, string area = "141100", Origin? origin = null, decimal quantity = 1m,
        InsuranceType insurance = InsuranceType.Employee) =>
        ChargeLine.Create(code, quantity, price, Day, insurance, area, origin);

    private static ConsumablePricer PricerOf(params PolicyVersion[] policies) => ConsumablePricer.Create(PolicyTimeline.Create(policies));

    private static PolicyBuilder Policy(string id = "t", DateOnly? from = null) =>
        new PolicyBuilder(id, Shanxi, from ?? new DateOnly(2026, 1, 1))
            .AddPreSelfPay(new PreSelfPayRow(InsuranceType.Employee, AdministrativeDivision.Parse("141100"), Origin.Domestic, PaymentCategory.B, 0.10m))
            .AddPreSelfPay(new PreSelfPayRow(InsuranceType.Employee, AdministrativeDivision.Parse("141100"), Origin.Imported, PaymentCategory.B, 0.15m));

    private static CatalogueEntry Entry(string code, decimal? limit = null, PaymentCategory category = PaymentCategory.B) => new()
    {
        Code = CatalogueCode.Parse(code), Name = "item " + code, Category = category, ValueClass = ValueClass.Low, MaxPaymentLimit = limit,
    };

    [Fact]
    public void A_code_outside_the_catalogue_is_an_error_saying_the_previous_policy_applies()
    {
        var error = Assert.Single(ConsumablePricer.CreateDefault().Price(Line(NotListed)).Errors);

        Assert.Equal((PricingErrorCode.NotListed, "not-listed"), (error.Code, error.CodeName));
        Assert.Contains("可继续按原有政策执行", error.Message, StringComparison.Ordinal);
        Assert.Contains("fallbackPolicy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_outside_the_catalogue_is_priced_under_the_fallback_policy_when_it_is_loaded()
    {
        var previous = Policy("sx-2020", new DateOnly(2020, 1, 1)).WithEffectiveTo(new DateOnly(2025, 12, 31))
            .AddEntry(Entry("C99010100100101", limit: 80m)).Build();
        var current = Policy("sx-2026").WithFallbackPolicy("sx-2020").AddEntry(Entry("C03111608002007", limit: 1000m)).Build();

        var r = PricerOf(previous, current).Price(Line(NotListed, price: 100m, origin: Origin.Domestic));

        Assert.True(r.IsPriced, string.Join("; ", r.Errors));
        Assert.Equal("sx-2020", r.PolicyId);
        Assert.True(r.Warnings.HasFlag(PricingWarnings.FallbackPolicy));
        Assert.Equal((20m, 8m, 72m), (r.OverLimit, r.PreSelfPay, r.InPolicyScope));
        Assert.Equal("sx-2026", PricerOf(previous, current).Price(Line(Plate, origin: Origin.Domestic)).PolicyId);
    }

    [Fact]
    public void A_fallback_policy_that_is_named_but_not_loaded_is_named_in_the_error()
    {
        var current = Policy("sx-2026").WithFallbackPolicy("sx-2020").AddEntry(Entry("C03111608002007")).Build();

        var error = Assert.Single(PricerOf(current).Price(Line(NotListed)).Errors);

        Assert.Equal(PricingErrorCode.NotListed, error.Code);
        Assert.Contains("'sx-2020' applies and is not loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fully_self_paid_with_a_warning_stays_available_as_an_explicit_option()
    {
        var pricer = ConsumablePricer.Create(new ConsumablesRulesOptions { NotListed = NotListedTreatment.SelfPayWithWarning });

        var r = pricer.Price(Line(NotListed, price: 120m));

        Assert.Equal((120m, 0m, PricingWarnings.NotListed), (r.FullySelfPaid, r.InPolicyScope, r.Warnings));
    }

    [Fact]
    public void A_code_not_registered_under_its_catalogue_code_is_flagged_unregistered_product()
    {
        // The default registry holds …06410…0001 under C03111608002007; …06410…0099 is not registered (不得串换).
        var r = ConsumablePricer.CreateDefault().Price(Line("C03111608002007064100000099", origin: Origin.Domestic));

        Assert.True(r.IsPriced);
        Assert.True(r.Warnings.HasFlag(PricingWarnings.UnregisteredProduct));
        Assert.False(ConsumablePricer.CreateDefault().Price(Line(Plate)).Warnings.HasFlag(PricingWarnings.UnregisteredProduct));
    }

    [Fact]
    public void An_unregistered_product_is_an_error_when_the_registry_is_declared_complete()
    {
        var policy = PolicyBuilder.From(PolicyVersion.Default).WithProductsComplete(true).Build();

        var error = Assert.Single(PricerOf(policy).Price(Line("C03111608002007064100000099", origin: Origin.Domestic)).Errors);

        Assert.Equal((PricingErrorCode.UnregisteredProduct, "unregistered-product", "med_list_codg"), (error.Code, error.CodeName, error.Field));
    }

    [Fact]
    public void The_registrys_origin_wins_over_a_conflicting_prodplac_type_with_origin_conflict()
    {
        // The plate is 国械注准 (domestic): declared imported (prodplac_type 2), it is still priced at the domestic 10%.
        var r = ConsumablePricer.CreateDefault().Price(Line(Plate, price: 500m, origin: Origin.Imported));

        Assert.Equal((0.10m, 50m), (r.SelfPayRatio, r.PreSelfPay));
        Assert.True(r.Warnings.HasFlag(PricingWarnings.OriginConflict));
        Assert.False(ConsumablePricer.CreateDefault().Price(Line(Plate, price: 500m, origin: Origin.Domestic)).Warnings.HasFlag(PricingWarnings.OriginConflict));
    }

    [Theory]
    [InlineData("国械注进20173460004", Origin.Imported)]
    [InlineData("国械注准20193130001", Origin.Domestic)]
    [InlineData("晋械注准20202140001", Origin.Domestic)]
    [InlineData("国械注许20183130002", Origin.Imported)]
    [InlineData("国械备20150001号", Origin.Imported)]
    [InlineData("晋吕械备20200001号", Origin.Domestic)]
    [InlineData("国食药监械(进)字2012第3460001号", Origin.Imported)]
    [InlineData("国食药监械(许)字2012第3460001号", Origin.Imported)]
    [InlineData("国食药监械(准)字2012第3460001号", Origin.Domestic)]
    [InlineData("20190001", null)]
    [InlineData("京械注准20212140001", Origin.Domestic)]
    [InlineData("豫许械备20200012号", Origin.Domestic)]
    [InlineData("京械备20180001号", Origin.Domestic)]
    [InlineData("沪械备20190234号", Origin.Domestic)]
    [InlineData(" 国械注进20173460004 ", Origin.Imported)]
    [InlineData("国械注许20183130002号", Origin.Imported)]
    [InlineData("许可证20190001", null)]
    [InlineData("", null)]
    public void Each_registration_form_gives_its_origin(string registration, Origin? expected) =>
        Assert.Equal(expected, Origins.FromRegistration(registration));

    [Theory]
    [InlineData("国械注许20183130002", Origin.Domestic)]
    [InlineData("国食药监械(许)字2012第3460001号", Origin.Domestic)]
    [InlineData("豫许械备20200012号", Origin.Domestic)]
    [InlineData("国械注进20173460004", Origin.Imported)]
    [InlineData("国械备20150001号", Origin.Imported)]
    public void Only_a_hong_kong_macao_taiwan_registration_takes_the_policys_choice(string registration, Origin expected) =>
        Assert.Equal(expected, Origins.FromRegistration(registration, hongKongMacaoTaiwan: Origin.Domestic));

    [Fact]
    public void An_out_of_province_patient_is_priced_under_the_hospitals_catalogue_with_the_area_the_policy_names()
    {
        // Insured in Beijing (110100), treated in Lüliang: limit 1000 from the hospital's catalogue, Lüliang's 10%.
        var policy = PolicyBuilder.From(PolicyVersion.Default).WithOutOfProvinceRatioArea(AdministrativeDivision.Parse("141100")).Build();

        var r = PricerOf(policy).Price(Line(Plate, price: 1200m, area: "110100"));

        Assert.True(r.IsPriced, string.Join("; ", r.Errors));
        Assert.Equal((200m, 100m, 900m), (r.OverLimit, r.PreSelfPay, r.InPolicyScope));
    }

    [Fact]
    public void An_out_of_province_patient_is_never_refused_outright()
    {
        var pricer = ConsumablePricer.CreateDefault();

        // With no ratio rule stated, class C is still self-paid and class B fails only for its missing ratio.
        var classC = pricer.Price(Line("C05020300100201700070000001", price: 3000m, area: "110100", origin: Origin.Domestic));
        var classB = Assert.Single(pricer.Price(Line(Plate, area: "110100")).Errors);

        Assert.Equal(3000m, classC.FullySelfPaid);
        Assert.Equal((PricingErrorCode.MissingRatio, "insuplc_admdvs"), (classB.Code, classB.Field));
        Assert.Contains("outOfProvinceRatioArea", classB.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_carrying_only_the_hospitals_code_is_priced_under_its_mapped_national_code()
    {
        var map = HospitalCodeMap.Create([new("HIS-0001", ConsumableCode.Parse(Plate))]);
        var pricer = ConsumablePricer.Create(new ConsumablesRulesOptions { HospitalCodes = map });
        var raw = new RawChargeLine { HospitalItemCode = "HIS-0001", Quantity = "1", UnitPrice = "1200", ServiceTime = "2026-03-02", InsuranceType = "310", PoolingArea = "141100" };

        var r = pricer.Price(raw);

        Assert.True(r.IsPriced, string.Join("; ", r.Errors));
        Assert.Equal((ConsumableCode.Parse(Plate), "HIS-0001", 900m), (r.PricedCode, r.Line.HospitalItemCode, r.InPolicyScope));
    }

    [Fact]
    public void An_unmapped_hospital_code_is_an_error_naming_it()
    {
        var map = HospitalCodeMap.Create([new("HIS-0001", ConsumableCode.Parse(Plate))]);
        var raw = new RawChargeLine { HospitalItemCode = "HIS-9999", Quantity = "1", UnitPrice = "1", ServiceTime = "2026-03-02", InsuranceType = "310", PoolingArea = "141100" };

        var mapped = Assert.Single(ConsumablePricer.Create(new ConsumablesRulesOptions { HospitalCodes = map }).Price(raw).Errors);
        var none = Assert.Single(ConsumablePricer.CreateDefault().Price(raw).Errors);

        Assert.Equal(("unmapped-code", "medins_list_codg"), (mapped.CodeName, mapped.Field));
        Assert.Contains("HIS-9999", mapped.Message, StringComparison.Ordinal);
        Assert.Contains("no mapping table", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_table_loads_from_csv_and_json_and_reports_every_bad_row()
    {
        static Stream Text(string s) => new MemoryStream(Encoding.UTF8.GetBytes(s));

        var csv = HospitalCodeMap.Load(Text($"medins_list_codg,med_list_codg,name\nHIS-1,{Plate},plate\n"));
        var json = HospitalCodeMap.Load(Text($"[{{\"medins_list_codg\": \"HIS-1\", \"med_list_codg\": \"{Plate}\"}}]"));
        var bad = Assert.Throws<InvalidDataException>(() => HospitalCodeMap.Load(Text($"medins_list_codg,med_list_codg\nHIS-1,C123\n,{Plate}\n")));

        Assert.True(csv.TryMap("HIS-1", out var a) && json.TryMap("HIS-1", out var b) && a == b);
        Assert.Contains("row 2", bad.Message, StringComparison.Ordinal);
        Assert.Contains("row 3", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_procurement_group_without_winners_is_an_error_at_its_path()
    {
        var result = Policy().AddEntry(Entry("C03111608002007"))
            .AddProcurementGroup(new ProcurementGroup { Id = "G0", CatalogueCodes = [CatalogueCode.Parse("C03111608002007")], Winners = [] })
            .TryBuild();

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.procurement[0].winners", problem.Path);
    }

    [Fact]
    public void The_item_cap_is_the_policys_own_figure_with_no_fixed_ceiling()
    {
        // itemCap 60000: a 55,000 unit has no over-limit amount; an entry's limit above the cap is still refused.
        var policy = Policy().WithItemCap(60_000m).AddEntry(Entry("C03111608002007")).Build();
        var tooHigh = Policy().WithItemCap(60_000m).AddEntry(Entry("C03111608002007", limit: 60_000.01m)).TryBuild();

        var r = PricerOf(policy).Price(Line(Plate, price: 55_000m, origin: Origin.Domestic));

        Assert.Equal((0m, 60_000m, 5_500m), (r.OverLimit, r.EffectiveLimit, r.PreSelfPay));
        Assert.Equal("$.catalogue[0].maxPaymentLimit", Assert.Single(tooHigh.Problems).Path);
    }

    [Fact]
    public void A_resident_row_below_province_level_is_an_error_when_the_residents_ratio_is_province_wide()
    {
        var city = new PreSelfPayRow(InsuranceType.Resident, AdministrativeDivision.Parse("141100"), null, PaymentCategory.B, 0.10m);
        var province = city with { Area = Shanxi };

        var refused = Policy().WithResidentRatioProvinceWide(true).AddPreSelfPay(city).TryBuild();

        Assert.Equal("$.preSelfPay[2].area", Assert.Single(refused.Problems).Path);
        Assert.True(Policy().WithResidentRatioProvinceWide(true).AddPreSelfPay(province).TryBuild().Problems.Count == 0);
        Assert.True(Policy().AddPreSelfPay(city).TryBuild().Problems.Count == 0);
    }

    [Fact]
    public void The_policy_files_new_fields_load_and_write_back()
    {
        var policy = PolicyBuilder.From(PolicyVersion.Default).WithFallbackPolicy("sx-2020").WithProductsComplete(true)
            .WithResidentRatioProvinceWide(true).WithOutOfProvinceRatioArea(AdministrativeDivision.Parse("141100")).WithItemCap(60_000m).Build();

        var json = policy.ToJson();
        var loaded = PolicyVersion.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))).GetValueOrThrow();

        Assert.Equal(("sx-2020", true, true, AdministrativeDivision.Parse("141100"), 60_000m),
            (loaded.FallbackPolicyId, loaded.ProductsComplete, loaded.ResidentRatioProvinceWide, loaded.OutOfProvinceRatioArea, loaded.ItemCap));
        Assert.Equal(json, loaded.ToJson());
    }

    [Fact]
    public void Med_type_is_read_echoed_and_available_to_rules()
    {
        var options = new ConsumablesRulesOptions
        {
            NotListed = NotListedTreatment.Error,
            ConfigureRules = rules => rules.Add(Rule.Define<LineFacts>("outpatient-self-pay").WithPriority(600).WithTags(PricingRules.CoverageTag)
                .WhenEquals(PricingFacts.MedicalType, MedicalType.Outpatient, "an outpatient visit")
                .Then(PricingFacts.Coverage, Coverage.SelfPayRestricted)),
        };
        var pricer = ConsumablePricer.Create(options);
        RawChargeLine Raw(string medType) => new() { Code = Plate, Quantity = "1", UnitPrice = "100", ServiceTime = "2026-03-02", InsuranceType = "310", PoolingArea = "141100", MedicalType = medType };

        var outpatient = pricer.Price(Raw("11"));
        var inpatient = pricer.Price(Raw("21"));
        var bad = Assert.Single(pricer.Price(Raw("x1")).Errors);

        Assert.Equal((MedicalType.Outpatient, 100m), (outpatient.Line.MedicalType, outpatient.FullySelfPaid));
        Assert.Equal((MedicalType.Inpatient, 0m), (inpatient.Line.MedicalType, inpatient.FullySelfPaid));
        Assert.Equal(("invalid-field", "med_type"), (bad.CodeName, bad.Field));
    }

    [Theory]
    [InlineData("06", "331501001")]
    [InlineData("09", "not a code at all")]
    [InlineData("01", "")]
    public void A_line_that_is_not_08_is_context_with_no_amounts_and_no_error_even_with_a_malformed_code(string type, string code)
    {
        var raw = new RawChargeLine { Code = code, ChargeItemType = type, Quantity = "x", ServiceTime = "2026-03-02", InsuranceType = "310", PoolingArea = "141100", VisitId = "V1" };

        var r = ConsumablePricer.CreateDefault().Price(raw);

        Assert.True(r.IsContext);
        Assert.False(r.IsPriced);
        Assert.Empty(r.Errors);
        Assert.Equal((0m, 0m, type, "V1"), (r.Total, r.InPolicyScope, r.ChargeItemType, r.Line.VisitId));
        Assert.Equal(string.IsNullOrEmpty(code) ? null : code, r.Line.ContextCode);
    }

    [Fact]
    public void A_consumable_line_that_declares_08_is_priced_and_its_type_echoed()
    {
        var raw = new RawChargeLine { Code = Plate, ChargeItemType = "08", Quantity = "1", UnitPrice = "100", ServiceTime = "2026-03-02", InsuranceType = "310", PoolingArea = "141100", VisitId = "V1" };

        var r = ConsumablePricer.CreateDefault().Price(raw);

        Assert.True(r.IsPriced, string.Join("; ", r.Errors));
        Assert.Equal(("08", "V1"), (r.ChargeItemType, r.Line.VisitId));
    }

    [Fact]
    public void A_hospitals_approval_rule_makes_an_unapproved_outpatient_high_value_item_self_paid()
    {
        // The example of docs/pricing.md "Changing the rules": what a hospital may add, since cities may not set limits.
        var pricer = ConsumablePricer.Create(new ConsumablesRulesOptions
        {
            ConfigureRules = rules => rules
                .Add(Rule.Define<LineFacts>("hospital/outpatient-high-value-approval")
                    .Describe("门诊使用高值耗材须经医院审批 — a high-value item in an outpatient visit needs the hospital's approval")
                    .WithPriority(475).WithTags(PricingRules.CoverageTag)
                    .WhenEquals(PricingFacts.MedicalType, MedicalType.Outpatient, "an outpatient visit")
                    .WhenEquals(PricingFacts.ValueClass, ValueClass.High, "the item is high-value")
                    .WhenNotEquals(PricingFacts.Approval, HospitalApproval.Approved, "the hospital has not approved the line")
                    .Then(PricingFacts.Coverage, Coverage.SelfPayRestricted))
                .Disable("price-basis/no-settlement-median"),
        });
        var outpatient = Line(Plate, price: 800m) with { MedicalType = MedicalType.Outpatient };

        Assert.Equal(800m, pricer.Price(outpatient).FullySelfPaid);
        Assert.Equal(720m, pricer.Price(outpatient with { HospitalApproval = HospitalApproval.Approved }).InPolicyScope);
        Assert.Equal(720m, pricer.Price(outpatient with { MedicalType = MedicalType.Inpatient }).InPolicyScope);
    }
}
