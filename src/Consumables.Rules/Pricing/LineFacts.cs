using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Pricing;

/// <summary>
/// The working memory of one line's evaluation: the input facts the pricer looks up once (entry, product, procurement,
/// median, ratio row) and the facts the rules derive. Rules read and assert it through the facts of <see cref="PricingFacts"/>.
/// </summary>
/// <remarks>A mutable struct on purpose: it lives on the stack of one evaluation, so pricing allocates nothing.</remarks>
public struct LineFacts
{
    // Input facts, filled by the pricer before the rules run.

    /// <summary>Whether a policy version is in force on the service date.</summary>
    public bool HasPolicy;

    /// <summary>The code being priced (after recoding).</summary>
    public ConsumableCode Code;

    /// <summary>Its 15-character catalogue code.</summary>
    public CatalogueCode CatalogueCode;

    /// <summary>Whether the code was recoded by NHSA.</summary>
    public bool Recoded;

    /// <summary>Whether the product is disabled by NHSA.</summary>
    public bool Disabled;

    /// <summary>The quantity.</summary>
    public decimal Quantity;

    /// <summary>The actual unit price.</summary>
    public decimal UnitPrice;

    /// <summary>The insurance type.</summary>
    public InsuranceType InsuranceType;

    /// <summary>The pooling area.</summary>
    public AdministrativeDivision PoolingArea;

    /// <summary>Whether the pooling area lies in the policy's province.</summary>
    public bool AreaInProvince;

    /// <summary>The origin of the line (line, else product registry, else registration), when known.</summary>
    public Origin? Origin;

    /// <summary>The hospital approval flag.</summary>
    public HospitalApproval Approval;

    /// <summary>Whether the catalogue code is listed.</summary>
    public bool Listed;

    /// <summary>The entry's payment category (when listed).</summary>
    public PaymentCategory Category;

    /// <summary>The entry's value class (when listed).</summary>
    public ValueClass ValueClass;

    /// <summary>The entry's maximum payment limit, if any.</summary>
    public decimal? MaximumPaymentLimit;

    /// <summary>Whether the entry carries a restricted-use condition.</summary>
    public bool Restricted;

    /// <summary>Whether the line's service item, or a line of its visit, is one the restriction names.</summary>
    public bool ServiceItemNamed;

    /// <summary>What the entry's restriction does (when <see cref="Restricted"/>).</summary>
    public RestrictionKind RestrictionKind;

    /// <summary>Whether the line meets the patient conditions of a conditions restriction.</summary>
    public ConditionsStatus Conditions;

    /// <summary>Whether the line's unit price is above its product's winning price (中选价).</summary>
    public bool AboveWinningPrice;

    /// <summary>
    /// The policy's treatment of a high-value entry outside procurement with no settlement median, when the line's entry is
    /// one (else <see cref="NoMedianTreatment.ActualPrice"/>, which changes nothing).
    /// </summary>
    public NoMedianTreatment NoMedian;

    /// <summary>Whether the code is listed at neither level and is priced through the policy's default entry.</summary>
    public bool DefaultEntry;

    /// <summary>How the product stands in volume-based procurement.</summary>
    public ProcurementMatchKind Procurement;

    /// <summary>The winning price (winner) or the group's highest winning price (group member).</summary>
    public decimal ProcurementPrice;

    /// <summary>The settlement median of the catalogue code, if on file.</summary>
    public decimal? SettlementMedian;

    /// <summary>The pre-self-pay table's answer for the line.</summary>
    public RatioLookupStatus RatioStatus;

    /// <summary>The ratio the table gave, when found.</summary>
    public decimal TableRatio;

    /// <summary>The item cap of the policy.</summary>
    public decimal ItemCap;

    /// <summary>How the product stands in the registry: registered, unregistered under a catalogue code that has products (不得串换), or none on file.</summary>
    public ProductRegistration Registration;

    /// <summary>Whether the policy declares its product registry complete.</summary>
    public bool ProductsComplete;

    /// <summary>Whether the line's <c>prodplac_type</c> contradicts the registry's origin (the registry's is used).</summary>
    public bool OriginConflict;

    /// <summary>Whether the code is not in the policy's catalogue and is priced under its fallback policy (the previous policy).</summary>
    public bool FallbackPolicy;

    /// <summary>The medical type of the visit (<c>med_type</c>).</summary>
    public MedicalType MedicalType;

    // Derived facts, asserted by the rules.

    /// <summary>The error that rejects the line, if any.</summary>
    public PricingErrorCode Rejection;

    /// <summary>The coverage decision.</summary>
    public Coverage Coverage;

    /// <summary>The price basis.</summary>
    public PriceBasis Basis;

    /// <summary>The effective unit-price limit: the smallest of the limit candidates.</summary>
    public decimal Limit;

    /// <summary>The pre-self-pay ratio.</summary>
    public decimal Ratio;

    /// <summary>The warnings raised.</summary>
    public PricingWarnings Warnings;
}
