namespace Consumables.Rules;

/// <summary>Why a line could not be priced. Each value has a stable kebab-case name used in JSON (<see cref="PricingError.CodeName"/>).</summary>
public enum PricingErrorCode
{
    /// <summary>A field is missing or cannot be read (<c>invalid-field</c>).</summary>
    InvalidField = 1,

    /// <summary>The consumable code is malformed (<c>invalid-code</c>).</summary>
    InvalidCode,

    /// <summary>The consumable code is disabled by NHSA (<c>disabled-code</c>).</summary>
    DisabledCode,

    /// <summary>No policy version is in force on the service date (<c>no-policy</c>).</summary>
    NoPolicyInForce,

    /// <summary>
    /// The pooling area lies outside the policy's province (<c>area-outside-province</c>). The standard rules no longer
    /// raise it — an out-of-province patient (异地就医) is priced under the hospital's policy — but a user's rule may.
    /// </summary>
    AreaOutsideProvince,

    /// <summary>The insurance type is not a basic scheme priced here (310, 390) (<c>unsupported-insurance-type</c>).</summary>
    UnsupportedInsuranceType,

    /// <summary>The quantity is zero (<c>zero-quantity</c>).</summary>
    ZeroQuantity,

    /// <summary>The unit price is negative (<c>negative-price</c>).</summary>
    NegativePrice,

    /// <summary>No pre-self-pay ratio row applies; the library never guesses a ratio (<c>missing-ratio</c>).</summary>
    MissingRatio,

    /// <summary>The ratio table needs the origin to choose a row and the line's origin is unknown (<c>unknown-origin</c>).</summary>
    UnknownOrigin,

    /// <summary>The code is in neither the catalogue nor a loaded fallback policy, and not-listed codes are errors (the default) (<c>not-listed</c>).</summary>
    NotListed,

    /// <summary>The amounts exceed what can be represented exactly (<c>amount-overflow</c>).</summary>
    AmountOverflow,

    /// <summary>A user rule rejected the line; <see cref="PricingError.CodeName"/> is the rule's own code, as given.</summary>
    RejectedByRule,

    /// <summary>A user rule failed (threw) on the line; the message names the rule (<c>rule-failed</c>).</summary>
    RuleFailed,

    /// <summary>The hospital's own item code (<c>medins_list_codg</c>) is not in the mapping table, or no table is loaded (<c>unmapped-code</c>).</summary>
    UnmappedHospitalCode,

    /// <summary>The product is not registered under its catalogue code and the policy declares its product list complete (<c>unregistered-product</c>).</summary>
    UnregisteredProduct,

    /// <summary>The lines of one visit disagree on the insured area or the insurance type (<c>visit-mismatch</c>).</summary>
    VisitMismatch,

    /// <summary>The visit has more lines than a visit may hold (<c>visit-too-large</c>).</summary>
    VisitTooLarge,

    /// <summary>A high-value entry outside procurement has no settlement median on file and the policy rejects such lines (<c>noMedian: reject</c>) (<c>no-settlement-median</c>).</summary>
    NoSettlementMedian,
    /// <summary>
    /// A refund names (<c>init_feedetl_sn</c>) a line that is not its sale: a refund, a context line, a sale that could not
    /// be priced, another code or price, or a serial number given to more than one line (<c>refund-not-a-sale</c>).
    /// </summary>
    RefundNotASale,

    /// <summary>A refund reverses more than its sale sold: its <c>|cnt|</c>, with the earlier refunds of the same sale, is over the sale's <c>cnt</c> (<c>refund-exceeds-sale</c>).</summary>
    RefundExceedsSale,
}
