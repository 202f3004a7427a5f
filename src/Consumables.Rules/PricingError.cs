namespace Consumables.Rules;

/// <summary>A typed error of one line: what is wrong, the input field (the platform's name) and a sentence naming the value.</summary>
/// <param name="Code">What is wrong.</param>
/// <param name="Field">The input field at fault, by its platform name (<c>med_list_codg</c>, <c>cnt</c>, …).</param>
/// <param name="Message">A sentence naming the field, the value and what was expected.</param>
public sealed record PricingError(PricingErrorCode Code, string Field, string Message)
{
    /// <summary>Gets the stable kebab-case name of <see cref="Code"/>, as written in JSON output.</summary>
    public string CodeName => Code switch
    {
        PricingErrorCode.InvalidField => "invalid-field",
        PricingErrorCode.InvalidCode => "invalid-code",
        PricingErrorCode.DisabledCode => "disabled-code",
        PricingErrorCode.NoPolicyInForce => "no-policy",
        PricingErrorCode.AreaOutsideProvince => "area-outside-province",
        PricingErrorCode.UnsupportedInsuranceType => "unsupported-insurance-type",
        PricingErrorCode.ZeroQuantity => "zero-quantity",
        PricingErrorCode.NegativePrice => "negative-price",
        PricingErrorCode.MissingRatio => "missing-ratio",
        PricingErrorCode.UnknownOrigin => "unknown-origin",
        PricingErrorCode.NotListed => "not-listed",
        PricingErrorCode.AmountOverflow => "amount-overflow",
        PricingErrorCode.UnmappedHospitalCode => "unmapped-code",
        PricingErrorCode.UnregisteredProduct => "unregistered-product",
        PricingErrorCode.VisitMismatch => "visit-mismatch",
        PricingErrorCode.VisitTooLarge => "visit-too-large",
        _ => "error",
    };

    /// <inheritdoc />
    public override string ToString() => $"{CodeName} ({Field}): {Message}";
}
