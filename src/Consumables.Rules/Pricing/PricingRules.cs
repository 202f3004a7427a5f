using Consumables.Rules.Catalogue;
using Consumables.Rules.Engine;
using Consumables.Rules.Policy;
using static Consumables.Rules.Pricing.PricingFacts;

namespace Consumables.Rules.Pricing;

/// <summary>
/// The consumables pricing rules, one rule per policy clause, named after it, with a description quoting the clause in
/// Chinese and English; each condition says what it tests in the platform's field names, so a trace reads
/// <c>insutype is not 310 — failed (310)</c>.
/// </summary>
/// <remarks>
/// Start from <see cref="CreateBuilder"/> to add a pooling area's special rule, replace or disable a rule by name, or
/// select rules by tag; compile the builder and pass it to the pricer. Rule sets are immutable and thread-safe.
/// </remarks>
public static class PricingRules
{
    /// <summary>The tag of the rules that reject a line.</summary>
    public const string RejectTag = "reject";

    /// <summary>The tag of the coverage rules.</summary>
    public const string CoverageTag = "coverage";

    /// <summary>The tag of the price-basis rules.</summary>
    public const string PriceBasisTag = "price-basis";

    /// <summary>The tag of the limit rules.</summary>
    public const string LimitTag = "limit";

    /// <summary>The tag of the pre-self-pay rules.</summary>
    public const string PreSelfPayTag = "pre-self-pay";

    /// <summary>
    /// The name of the rule that decides a code not in the catalogue: an error by default (the notice keeps the previous
    /// policy for such codes), or fully self-paid with a warning when configured.
    /// </summary>
    public const string NotListed = "not-listed";

    /// <summary>Creates a builder holding the standard rules, ready to be changed and compiled.</summary>
    /// <param name="version">The version the compiled rule set carries (usually the policy id).</param>
    /// <param name="notListedIsError">When <see langword="true"/> (the default), a not-listed code is an error; when <see langword="false"/>, a fully self-paid line with a warning.</param>
    /// <returns>A new builder.</returns>
    public static RuleSetBuilder<LineFacts> CreateBuilder(string version = "standard", bool notListedIsError = true)
    {
        var builder = new RuleSetBuilder<LineFacts>("consumables-pricing", version);
        foreach (var input in Inputs)
        {
            builder.Input(input);
        }

        foreach (var rule in Standard)
        {
            builder.Add(rule);
        }

        if (!notListedIsError)
        {
            builder.Replace(NotListed, NotListedSelfPay);
        }

        return builder;
    }

    /// <summary>Gets the standard rule set, compiled once.</summary>
    public static CompiledRuleSet<LineFacts> Default => DefaultRules.Value;

    /// <summary>Gets the standard rule set with not-listed codes fully self-paid with a warning, compiled once.</summary>
    internal static CompiledRuleSet<LineFacts> NotListedAsSelfPay => NotListedAsSelfPayRules.Value;

    private static readonly Lazy<CompiledRuleSet<LineFacts>> DefaultRules = new(() => WithGeneratedCode(CreateBuilder().Compile()));

    private static readonly Lazy<CompiledRuleSet<LineFacts>> NotListedAsSelfPayRules = new(() => WithGeneratedCode(CreateBuilder(notListedIsError: false).Compile()));

    /// <summary>
    /// Runs the code generated from the standard rules (Pricing/Generated) when <paramref name="rules"/> compile to the
    /// same program (the standard rules, or a configuration that changed only descriptions or tags); else the rules stay
    /// interpreted.
    /// </summary>
    internal static CompiledRuleSet<LineFacts> WithGeneratedCode(CompiledRuleSet<LineFacts> rules) =>
#if WITHOUT_GENERATED_RULES
        rules;
#else
        rules.WithPrecompiled(Generated.StandardRules.RuleSet).WithPrecompiled(Generated.NotListedAsSelfPayRules.RuleSet);
#endif

    private static readonly Fact<LineFacts>[] Inputs =
    [
        HasPolicy, Recoded, Disabled, Quantity, UnitPrice, PricingFacts.InsuranceType, PoolingArea, AreaInProvince, CatalogueCode,
        Approval, Listed, Category, PricingFacts.ValueClass, MaximumPaymentLimit, Restricted, ServiceItemNamed, Procurement,
        ProcurementPrice, PricingFacts.SettlementMedian, RatioStatus, TableRatio, ItemCap, Registration, ProductsComplete, OriginConflict,
        PricingFacts.FallbackPolicy, PricingFacts.MedicalType, PricingFacts.RestrictionKind, PricingFacts.Conditions, PricingFacts.AboveWinningPrice,
        PricingFacts.NoMedian, PricingFacts.DefaultEntry,
    ];

    private static Rule<LineFacts> Reject(string name, int priority, string description) =>
        Rule.Define<LineFacts>("reject/" + name).Describe(description).WithPriority(priority).WithTags(RejectTag);

    private static readonly Rule<LineFacts> NotListedSelfPay =
        Rule.Define<LineFacts>(NotListed).WithPriority(500).WithTags(CoverageTag)
            .Describe("目录外耗材全自费（配置） — a code not in the catalogue is fully self-paid, with a warning (configured)")
            .WhenEquals(Listed, false, "listed (the catalogue code is in the catalogue) is false")
            .Then(PricingFacts.Coverage, Pricing.Coverage.SelfPayNotListed).Then(Warnings, PricingWarnings.NotListed);

    private static readonly Rule<LineFacts>[] Standard =
    [
        Reject("no-policy", 1000, "服务日期无有效政策 — no policy version is in force on the service date")
            .WhenEquals(HasPolicy, false, "policy-in-force is false")
            .Then(Rejection, PricingErrorCode.NoPolicyInForce).Halt(),
        Reject("disabled-code", 990, "国家医保局停用代码不得结算 — a code disabled by NHSA cannot be settled")
            .WhenEquals(Disabled, true, "disabled (the code is disabled by NHSA) is true")
            .Then(Rejection, PricingErrorCode.DisabledCode).Halt(),
        Reject("unsupported-insurance-type", 980, "仅计算职工(310)与城乡居民(390)基本医疗保险 — only the employee (310) and resident (390) basic schemes are priced")
            .WhenNotEquals(PricingFacts.InsuranceType, Policy.InsuranceType.Employee, "insutype is not 310")
            .WhenNotEquals(PricingFacts.InsuranceType, Policy.InsuranceType.Resident, "insutype is not 390")
            .Then(Rejection, PricingErrorCode.UnsupportedInsuranceType).Halt(),
        Reject("zero-quantity", 960, "数量不得为零 — the quantity may not be zero")
            .WhenEquals(Quantity, 0m, "cnt is 0")
            .Then(Rejection, PricingErrorCode.ZeroQuantity).Halt(),
        Reject("negative-price", 950, "单价不得为负 — the unit price may not be negative")
            .WhenLessThan(UnitPrice, 0m, "pric is below 0")
            .Then(Rejection, PricingErrorCode.NegativePrice).Halt(),

        Rule.Define<LineFacts>("recoded-code-mapped").WithPriority(900).WithTags("recoding")
            .Describe("按国家医保局代码变更表映射新代码 — a recoded code is priced under its new code, with a warning")
            .WhenEquals(Recoded, true, "recoded (NHSA recoded the code) is true")
            .Then(Warnings, PricingWarnings.Recoded),
        Reject("unregistered-product", 940, "上传…27位…代码，不得相互串换（产品清单完整时） — a 27-character code not registered under its catalogue code is an error when the registry is complete")
            .WhenEquals(Registration, ProductRegistration.Unregistered, "the registry holds other products under the catalogue code, not this one")
            .WhenEquals(ProductsComplete, true, "the policy declares its product registry complete")
            .Then(Rejection, PricingErrorCode.UnregisteredProduct).Halt(),
        Rule.Define<LineFacts>("unregistered-product").WithPriority(890).WithTags("registry")
            .Describe("上传…27位…代码，不得相互串换 — a 27-character code not registered under its catalogue code is flagged")
            .WhenEquals(Registration, ProductRegistration.Unregistered, "the registry holds other products under the catalogue code, not this one")
            .Then(Warnings, PricingWarnings.UnregisteredProduct),
        Rule.Define<LineFacts>("fallback-policy").WithPriority(895).WithTags(CoverageTag)
            .Describe("未在此次调整规范范围内的…耗材，可继续按原有政策执行 — a code outside the catalogue is priced under the previous policy, with a warning")
            .WhenEquals(PricingFacts.FallbackPolicy, true, "the code is listed only in the fallback policy")
            .Then(Warnings, PricingWarnings.FallbackPolicy),
        Rule.Define<LineFacts>("default-entry").WithPriority(894).WithTags(CoverageTag)
            .Describe("目录未列的耗材按政策默认条目（原有政策）支付 — a code the catalogue does not list is priced through the policy's default entry, with a warning")
            .WhenEquals(PricingFacts.DefaultEntry, true, "the code is listed at neither level; the policy's defaultEntry applies")
            .Then(Warnings, PricingWarnings.DefaultEntry),
        Rule.Define<LineFacts>("origin-conflict").WithPriority(880).WithTags("registry")
            .Describe("产地以产品注册信息为准 — the registry's origin wins over a conflicting prodplac_type, with a warning")
            .WhenEquals(OriginConflict, true, "prodplac_type contradicts the registry")
            .Then(Warnings, PricingWarnings.OriginConflict),

        Rule.Define<LineFacts>(NotListed).WithPriority(500).WithTags(CoverageTag, RejectTag)
            .Describe("未在此次调整规范范围内的…耗材，可继续按原有政策执行 — a code outside the catalogue follows the previous policy; with none loaded it is an error")
            .WhenEquals(Listed, false, "listed (the catalogue code is in the catalogue or its fallback) is false")
            .Then(Rejection, PricingErrorCode.NotListed).Halt(),
        Rule.Define<LineFacts>("class-c-self-pay").WithPriority(490).WithTags(CoverageTag)
            .Describe("丙类耗材基金不予支付，全自费 — class C items are not paid by the fund: fully self-paid")
            .WhenEquals(Category, PaymentCategory.C, "category is C")
            .Then(PricingFacts.Coverage, Pricing.Coverage.SelfPayClassC),
        Rule.Define<LineFacts>("hospital-rejected-self-pay").WithPriority(480).WithTags(CoverageTag)
            .Describe("医院审批不通过的，全自费 — a line the hospital rejected (hosp_appr_flag 2) is fully self-paid")
            .WhenEquals(Approval, HospitalApproval.Rejected, "hosp_appr_flag is 2 (rejected)")
            .Then(PricingFacts.Coverage, Pricing.Coverage.SelfPayRejected),
        Rule.Define<LineFacts>("restricted-use-self-pay").WithPriority(470).WithTags(CoverageTag)
            .Describe("限定支付范围的耗材，未在限定项目中使用且未经审批的，全自费 — a restricted item used outside its named service items and not approved is fully self-paid")
            .WhenEquals(Restricted, true, "restricted (the entry limits its use) is true")
            .WhenEquals(PricingFacts.RestrictionKind, Catalogue.RestrictionKind.LimitedTo, "restriction-kind is limited-to (限…使用: payable within the named service items, or with approval)")
            .WhenEquals(ServiceItemNamed, false, "service-item-named (service_item_code, or a line of the visit, is one the restriction names) is false")
            .WhenNotEquals(Approval, HospitalApproval.Approved, "hosp_appr_flag is not 1 (approved)")
            .Then(PricingFacts.Coverage, Pricing.Coverage.SelfPayRestricted),
        Rule.Define<LineFacts>("restricted-not-together-self-pay").WithPriority(469).WithTags(CoverageTag)
            .Describe("不能与所列项目同时收取：同一就诊收取了该项目的，全自费 — an item that may not be billed with a named service item is fully self-paid when the visit bills that item, with a warning")
            .WhenEquals(Restricted, true, "restricted (the entry carries a restriction) is true")
            .WhenEquals(PricingFacts.RestrictionKind, Catalogue.RestrictionKind.NotTogetherWith, "restriction-kind is not-together-with (不能与…同时收取)")
            .WhenEquals(ServiceItemNamed, true, "service-item-named (service_item_code, or a line of the visit, is one the restriction names) is true")
            .Then(PricingFacts.Coverage, Pricing.Coverage.SelfPayNotTogether).Then(Warnings, PricingWarnings.NotTogetherWith),
        Rule.Define<LineFacts>("restricted-conditions-unmet-self-pay").WithPriority(468).WithTags(CoverageTag)
            .Describe("限定患者条件（年龄、诊断、医疗类别）不符的，全自费 — an item limited to patients meeting stated conditions is fully self-paid when the line shows a condition unmet")
            .WhenEquals(Restricted, true, "restricted (the entry carries a restriction) is true")
            .WhenEquals(PricingFacts.RestrictionKind, Catalogue.RestrictionKind.Conditions, "restriction-kind is conditions (限：1.… age, diagnosis, med_type)")
            .WhenEquals(PricingFacts.Conditions, ConditionsStatus.Unmet, "patient-conditions is unmet (a condition the line supplies does not hold)")
            .Then(PricingFacts.Coverage, Pricing.Coverage.SelfPayConditions),
        Rule.Define<LineFacts>("restricted-conditions-unknown-self-pay").WithPriority(467).WithTags(CoverageTag)
            .Describe("患者条件无法核实且医院未审批的，全自费 — when the line does not supply the conditions, the hospital's approval decides (hosp_appr_flag), as the platform does")
            .WhenEquals(Restricted, true, "restricted (the entry carries a restriction) is true")
            .WhenEquals(PricingFacts.RestrictionKind, Catalogue.RestrictionKind.Conditions, "restriction-kind is conditions (限：1.… age, diagnosis, med_type)")
            .WhenEquals(PricingFacts.Conditions, ConditionsStatus.Unknown, "patient-conditions is unknown (the line does not supply a condition the restriction states)")
            .WhenNotEquals(Approval, HospitalApproval.Approved, "hosp_appr_flag is not 1 (approved)")
            .Then(PricingFacts.Coverage, Pricing.Coverage.SelfPayConditions),
        Rule.Define<LineFacts>("no-settlement-median-self-pay").WithPriority(465).WithTags(CoverageTag)
            .Describe("非集采高值耗材无实际结算中位价的，按政策全自费 — a high-value item outside procurement with no settlement median is fully self-paid, as the policy states (noMedian: selfPay), with a warning")
            .WhenEquals(PricingFacts.NoMedian, NoMedianTreatment.SelfPay, "no-median is self-pay (high-value, outside procurement, no median on file; the policy's noMedian)")
            .Then(PricingFacts.Coverage, Pricing.Coverage.SelfPayNoMedian).Then(Warnings, PricingWarnings.NoSettlementMedian),
        Rule.Define<LineFacts>("payable").WithPriority(400).WithTags(CoverageTag)
            .Describe("目录内甲、乙类耗材按规定支付 — a listed class A or B item is paid within its limits")
            .WhenEquals(Listed, true, "listed (the catalogue code is in the catalogue) is true")
            .Then(PricingFacts.Coverage, Pricing.Coverage.Payable),

        Reject("no-settlement-median", 395, "非集采高值耗材无实际结算中位价的，按政策不予结算 — a high-value item outside procurement with no settlement median is an error, as the policy states (noMedian: reject)")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .WhenEquals(PricingFacts.NoMedian, NoMedianTreatment.Reject, "no-median is reject (high-value, outside procurement, no median on file; the policy's noMedian)")
            .Then(Rejection, PricingErrorCode.NoSettlementMedian).Halt(),
        Rule.Define<LineFacts>("price-basis/procurement-winner").WithPriority(340).WithTags(PriceBasisTag)
            .Describe("集采中选产品以中选价为支付标准 — a volume-based procurement winner is paid at its winning price")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .WhenEquals(Procurement, ProcurementMatchKind.Winner, "procurement is winner")
            .Then(Basis, PriceBasis.ProcurementWinner).Then(Limit, ProcurementPrice),
        Rule.Define<LineFacts>("above-winning-price").WithPriority(335).WithTags(PriceBasisTag)
            .Describe("医疗机构按中选价销售 — a hospital sells a winning product at its winning price: a line billed above it is flagged (the excess is over-limit)")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .WhenEquals(PricingFacts.AboveWinningPrice, true, "above-winning-price (pric is above the product's winning price) is true")
            .Then(Warnings, PricingWarnings.AboveWinningPrice),
        Rule.Define<LineFacts>("price-basis/procurement-group").WithPriority(330).WithTags(PriceBasisTag)
            .Describe("同组未中选产品以该组最高中选价为支付上限 — a non-winner in a procurement group is limited to the group's highest winning price")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .WhenEquals(Procurement, ProcurementMatchKind.GroupMember, "procurement is group-member")
            .Then(Basis, PriceBasis.ProcurementGroup).Then(Limit, ProcurementPrice),
        Rule.Define<LineFacts>("price-basis/settlement-median").WithPriority(320).WithTags(PriceBasisTag)
            .Describe("其他高值耗材以实际结算中位价为支付上限 — another high-value item is limited to the settlement median")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .WhenEquals(PricingFacts.ValueClass, Catalogue.ValueClass.High, "value-class is high")
            .WhenHasValue(PricingFacts.SettlementMedian, "settlement-median is on file")
            .Then(Basis, PriceBasis.SettlementMedian).Then(Limit, PricingFacts.SettlementMedian),
        Rule.Define<LineFacts>("price-basis/no-settlement-median").WithPriority(310).WithTags(PriceBasisTag)
            .Describe("高值耗材无结算中位价的，暂按实际价格 — a high-value item with no median on file is priced on its actual price, with a warning")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .WhenEquals(PricingFacts.ValueClass, Catalogue.ValueClass.High, "value-class is high")
            .Then(Basis, PriceBasis.ActualPrice).Then(Warnings, PricingWarnings.NoSettlementMedian),
        Rule.Define<LineFacts>("price-basis/actual-price").WithPriority(300).WithTags(PriceBasisTag)
            .Describe("其他低值耗材按实际价格 — another low-value item is paid on its actual price")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .Then(Basis, PriceBasis.ActualPrice),
        Rule.Define<LineFacts>("price-basis/self-pay").WithPriority(290).WithTags(PriceBasisTag)
            .Describe("全自费耗材无支付标准 — a fully self-paid line has no payment standard")
            .WhenNotEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is not payable")
            .Then(Basis, PriceBasis.SelfPay),

        Rule.Define<LineFacts>("limit/maximum-payment-limit").WithPriority(200).WithTags(LimitTag)
            .Describe("不超过目录最高支付限价 — the allowed price may not exceed the entry's maximum payment limit (最高支付限价)")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .WhenHasValue(MaximumPaymentLimit, "maximum-payment-limit is set")
            .Then(Limit, MaximumPaymentLimit),
        Rule.Define<LineFacts>("limit/item-cap").WithPriority(190).WithTags(LimitTag)
            .Describe("单件耗材支付限额（山西5万元） — no consumable is paid above the policy's item cap (Shanxi: 50,000 yuan)")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .Then(Limit, ItemCap),

        Reject("missing-ratio", 120, "先行自付比例须由政策配置，不予推定 — the pre-self-pay ratio must be configured; it is never guessed")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .WhenEquals(RatioStatus, RatioLookupStatus.NoRow, "ratio-row is no-row")
            .Then(Rejection, PricingErrorCode.MissingRatio).Halt(),
        Reject("unknown-origin", 110, "比例按国产/进口区分时须知产地 — the origin must be known when the ratio differs by origin")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .WhenEquals(RatioStatus, RatioLookupStatus.OriginRequired, "ratio-row is origin-required (the rows differ by origin, which is unknown)")
            .Then(Rejection, PricingErrorCode.UnknownOrigin).Halt(),
        Rule.Define<LineFacts>("pre-self-pay/ratio").WithPriority(100).WithTags(PreSelfPayTag)
            .Describe("乙类耗材按先行自付比例先行自付 — a class-B item's patient pays the pre-self-pay ratio first (先行自付比例)")
            .WhenEquals(PricingFacts.Coverage, Pricing.Coverage.Payable, "coverage is payable")
            .WhenEquals(RatioStatus, RatioLookupStatus.Found, "ratio-row is found")
            .Then(Ratio, TableRatio),
    ];
}
