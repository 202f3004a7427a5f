namespace Consumables.Rules;

/// <summary>A typed error of one line: what is wrong, the input field (the platform's name) and a sentence naming the value.</summary>
/// <param name="Code">What is wrong.</param>
/// <param name="Field">The input field at fault, by its platform name (<c>med_list_codg</c>, <c>cnt</c>, …).</param>
/// <param name="Message">A sentence naming the field, the value and what was expected.</param>
public sealed record PricingError(PricingErrorCode Code, string Field, string Message)
{
    private string? _customName;

    /// <summary>Gets the name of the user rule that rejected the line (<see cref="PricingErrorCode.RejectedByRule"/>) or failed on it (<see cref="PricingErrorCode.RuleFailed"/>), or <see langword="null"/>.</summary>
    public string? Rule { get; private init; }

    /// <summary>
    /// Gets the error's code as text, the one place to read it for every error: the stable kebab-case name of
    /// <see cref="Code"/> (<c>not-listed</c>, <c>rule-failed</c>…) for the standard errors, and a user rule's own code, as
    /// given to <see cref="PricedLine.Reject"/>, for <see cref="PricingErrorCode.RejectedByRule"/>. Written as is in every
    /// output (JSON and CSV <c>errors[].code</c>).
    /// </summary>
    public string CodeName => _customName ?? NameOf(Code);

    /// <summary>The stable kebab-case name of a code.</summary>
    internal static string NameOf(PricingErrorCode code) => code switch
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
        PricingErrorCode.RejectedByRule => "rejected-by-rule",
        PricingErrorCode.RuleFailed => "rule-failed",
        PricingErrorCode.UnmappedHospitalCode => "unmapped-code",
        PricingErrorCode.UnregisteredProduct => "unregistered-product",
        PricingErrorCode.VisitMismatch => "visit-mismatch",
        PricingErrorCode.VisitTooLarge => "visit-too-large",
        PricingErrorCode.NoSettlementMedian => "no-settlement-median",
        PricingErrorCode.RefundNotASale => "refund-not-a-sale",
        PricingErrorCode.RefundExceedsSale => "refund-exceeds-sale",
        _ => "error",
    };

    /// <summary>Creates the <c>rule-failed</c> error of a line: the user rule named, the message on one line.</summary>
    internal static PricingError RuleFailure(string rule, string field, string message) =>
        new(PricingErrorCode.RuleFailed, field, OneLine(message)) { Rule = rule };

    /// <summary>Joins a message's lines with spaces, so every message reads on one line.</summary>
    internal static string OneLine(string message) =>
        message.AsSpan().IndexOfAny('\r', '\n') < 0 ? message : string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Creates the error of a line a user rule rejected, carrying the rule's own code.</summary>
    internal static PricingError Custom(string code, string field, string message, string rule) =>
        new(PricingErrorCode.RejectedByRule, field, OneLine(message)) { _customName = code, Rule = rule };

    /// <inheritdoc />
    public override string ToString() => $"{CodeName} ({Field}): {Message}";
}
