using Consumables.Rules.Catalogue;
using Consumables.Rules.Engine;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Pricing;

/// <summary>
/// The facts the pricing rules reason over, by name. Use them to write your own rules (a pooling area's special rule)
/// and add them with <see cref="PricingRules.CreateBuilder"/>.
/// </summary>
/// <remarks>Immutable and thread-safe; each fact is a typed slot of <see cref="LineFacts"/>.</remarks>
public static class PricingFacts
{
    /// <summary>Whether a policy version is in force on the service date (input).</summary>
    public static Fact<LineFacts, bool> HasPolicy { get; } = Fact.Input<LineFacts, bool>("policy-in-force", static (ref LineFacts f) => ref f.HasPolicy);

    /// <summary>Whether the code was recoded (input).</summary>
    public static Fact<LineFacts, bool> Recoded { get; } = Fact.Input<LineFacts, bool>("recoded", static (ref LineFacts f) => ref f.Recoded);

    /// <summary>Whether the product is disabled (input).</summary>
    public static Fact<LineFacts, bool> Disabled { get; } = Fact.Input<LineFacts, bool>("disabled", static (ref LineFacts f) => ref f.Disabled);

    /// <summary>The quantity, <c>cnt</c> (input).</summary>
    public static Fact<LineFacts, decimal> Quantity { get; } = Fact.Input<LineFacts, decimal>("cnt", static (ref LineFacts f) => ref f.Quantity);

    /// <summary>The unit price, <c>pric</c> (input).</summary>
    public static Fact<LineFacts, decimal> UnitPrice { get; } = Fact.Input<LineFacts, decimal>("pric", static (ref LineFacts f) => ref f.UnitPrice);

    /// <summary>The insurance type, <c>insutype</c> (input).</summary>
    public static Fact<LineFacts, InsuranceType> InsuranceType { get; } = Fact.Input<LineFacts, InsuranceType>("insutype", static (ref LineFacts f) => ref f.InsuranceType);

    /// <summary>The pooling area, <c>insuplc_admdvs</c> (input); key rules on it with <c>WhenKey</c>.</summary>
    public static Fact<LineFacts, AdministrativeDivision> PoolingArea { get; } = Fact.Input<LineFacts, AdministrativeDivision>("insuplc_admdvs", static (ref LineFacts f) => ref f.PoolingArea);

    /// <summary>Whether the pooling area lies in the policy's province (input).</summary>
    public static Fact<LineFacts, bool> AreaInProvince { get; } = Fact.Input<LineFacts, bool>("area-in-province", static (ref LineFacts f) => ref f.AreaInProvince);

    /// <summary>The catalogue code (input); key rules on it with <c>WhenKey</c>.</summary>
    public static Fact<LineFacts, Codes.CatalogueCode> CatalogueCode { get; } = Fact.Input<LineFacts, Codes.CatalogueCode>("catalogue-code", static (ref LineFacts f) => ref f.CatalogueCode);

    /// <summary>The hospital approval flag, <c>hosp_appr_flag</c> (input).</summary>
    public static Fact<LineFacts, HospitalApproval> Approval { get; } = Fact.Input<LineFacts, HospitalApproval>("hosp_appr_flag", static (ref LineFacts f) => ref f.Approval);

    /// <summary>Whether the catalogue code is listed (input).</summary>
    public static Fact<LineFacts, bool> Listed { get; } = Fact.Input<LineFacts, bool>("listed", static (ref LineFacts f) => ref f.Listed);

    /// <summary>The payment category (input).</summary>
    public static Fact<LineFacts, PaymentCategory> Category { get; } = Fact.Input<LineFacts, PaymentCategory>("category", static (ref LineFacts f) => ref f.Category);

    /// <summary>The value class (input).</summary>
    public static Fact<LineFacts, ValueClass> ValueClass { get; } = Fact.Input<LineFacts, ValueClass>("value-class", static (ref LineFacts f) => ref f.ValueClass);

    /// <summary>The entry's maximum payment limit (input).</summary>
    public static Fact<LineFacts, decimal?> MaximumPaymentLimit { get; } = Fact.Input<LineFacts, decimal?>("maximum-payment-limit", static (ref LineFacts f) => ref f.MaximumPaymentLimit);

    /// <summary>Whether the entry is restricted (input).</summary>
    public static Fact<LineFacts, bool> Restricted { get; } = Fact.Input<LineFacts, bool>("restricted", static (ref LineFacts f) => ref f.Restricted);

    /// <summary>Whether the line's service item is named by the restriction (input).</summary>
    public static Fact<LineFacts, bool> ServiceItemNamed { get; } = Fact.Input<LineFacts, bool>("service-item-named", static (ref LineFacts f) => ref f.ServiceItemNamed);

    /// <summary>What the entry's restriction does: limitedTo, notTogetherWith, conditions or note (input).</summary>
    public static Fact<LineFacts, RestrictionKind> RestrictionKind { get; } = Fact.Input<LineFacts, RestrictionKind>("restriction-kind", static (ref LineFacts f) => ref f.RestrictionKind);

    /// <summary>Whether the line meets the patient conditions of a conditions restriction (input).</summary>
    public static Fact<LineFacts, ConditionsStatus> Conditions { get; } = Fact.Input<LineFacts, ConditionsStatus>("patient-conditions", static (ref LineFacts f) => ref f.Conditions);

    /// <summary>Whether the line is billed above its product's winning price (input).</summary>
    public static Fact<LineFacts, bool> AboveWinningPrice { get; } = Fact.Input<LineFacts, bool>("above-winning-price", static (ref LineFacts f) => ref f.AboveWinningPrice);

    /// <summary>The policy's treatment of a high-value entry outside procurement with no settlement median, when the line's entry is one (input).</summary>
    public static Fact<LineFacts, NoMedianTreatment> NoMedian { get; } = Fact.Input<LineFacts, NoMedianTreatment>("no-median", static (ref LineFacts f) => ref f.NoMedian);

    /// <summary>Whether the line is priced through the policy's default entry (input).</summary>
    public static Fact<LineFacts, bool> DefaultEntry { get; } = Fact.Input<LineFacts, bool>("default-entry", static (ref LineFacts f) => ref f.DefaultEntry);

    /// <summary>The procurement standing (input).</summary>
    public static Fact<LineFacts, ProcurementMatchKind> Procurement { get; } = Fact.Input<LineFacts, ProcurementMatchKind>("procurement", static (ref LineFacts f) => ref f.Procurement);

    /// <summary>The winning price or the group's highest winning price (input).</summary>
    public static Fact<LineFacts, decimal> ProcurementPrice { get; } = Fact.Input<LineFacts, decimal>("procurement-price", static (ref LineFacts f) => ref f.ProcurementPrice);

    /// <summary>The settlement median (input).</summary>
    public static Fact<LineFacts, decimal?> SettlementMedian { get; } = Fact.Input<LineFacts, decimal?>("settlement-median", static (ref LineFacts f) => ref f.SettlementMedian);

    /// <summary>The pre-self-pay table's answer (input).</summary>
    public static Fact<LineFacts, RatioLookupStatus> RatioStatus { get; } = Fact.Input<LineFacts, RatioLookupStatus>("ratio-row", static (ref LineFacts f) => ref f.RatioStatus);

    /// <summary>The ratio the table gave (input).</summary>
    public static Fact<LineFacts, decimal> TableRatio { get; } = Fact.Input<LineFacts, decimal>("table-ratio", static (ref LineFacts f) => ref f.TableRatio);

    /// <summary>The item cap (input).</summary>
    public static Fact<LineFacts, decimal> ItemCap { get; } = Fact.Input<LineFacts, decimal>("item-cap", static (ref LineFacts f) => ref f.ItemCap);

    /// <summary>How the product stands in the registry (input).</summary>
    public static Fact<LineFacts, ProductRegistration> Registration { get; } = Fact.Input<LineFacts, ProductRegistration>("product-registration", static (ref LineFacts f) => ref f.Registration);

    /// <summary>Whether the policy declares its product registry complete (input).</summary>
    public static Fact<LineFacts, bool> ProductsComplete { get; } = Fact.Input<LineFacts, bool>("products-complete", static (ref LineFacts f) => ref f.ProductsComplete);

    /// <summary>Whether the line's <c>prodplac_type</c> contradicts the registry (input).</summary>
    public static Fact<LineFacts, bool> OriginConflict { get; } = Fact.Input<LineFacts, bool>("origin-conflict", static (ref LineFacts f) => ref f.OriginConflict);

    /// <summary>Whether the line is priced under the policy's fallback policy (input).</summary>
    public static Fact<LineFacts, bool> FallbackPolicy { get; } = Fact.Input<LineFacts, bool>("fallback-policy", static (ref LineFacts f) => ref f.FallbackPolicy);

    /// <summary>The medical type of the visit, <c>med_type</c> (input).</summary>
    public static Fact<LineFacts, Rules.MedicalType> MedicalType { get; } = Fact.Input<LineFacts, Rules.MedicalType>("med_type", static (ref LineFacts f) => ref f.MedicalType);

    /// <summary>The error that rejects the line (single).</summary>
    public static Fact<LineFacts, PricingErrorCode> Rejection { get; } = Fact.Single<LineFacts, PricingErrorCode>("rejection", static (ref LineFacts f) => ref f.Rejection);

    /// <summary>The coverage decision (single).</summary>
    public static Fact<LineFacts, Coverage> Coverage { get; } = Fact.Single<LineFacts, Coverage>("coverage", static (ref LineFacts f) => ref f.Coverage);

    /// <summary>The price basis (single).</summary>
    public static Fact<LineFacts, PriceBasis> Basis { get; } = Fact.Single<LineFacts, PriceBasis>("price-basis", static (ref LineFacts f) => ref f.Basis);

    /// <summary>The effective unit-price limit: the smallest candidate (aggregate, min).</summary>
    public static Fact<LineFacts, decimal> Limit { get; } = Fact.Aggregate<LineFacts, decimal>("limit", static (ref LineFacts f) => ref f.Limit, Aggregation.Min<decimal>());

    /// <summary>The pre-self-pay ratio (single).</summary>
    public static Fact<LineFacts, decimal> Ratio { get; } = Fact.Single<LineFacts, decimal>("selfpay_prop", static (ref LineFacts f) => ref f.Ratio);

    /// <summary>The warnings (aggregate, union of flags).</summary>
    public static Fact<LineFacts, PricingWarnings> Warnings { get; } = Fact.Aggregate<LineFacts, PricingWarnings>("warnings", static (ref LineFacts f) => ref f.Warnings, Aggregation.Union<PricingWarnings>());
}
