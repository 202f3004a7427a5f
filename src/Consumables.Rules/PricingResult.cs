using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Engine;
using Consumables.Rules.Pricing;

namespace Consumables.Rules;

/// <summary>
/// The priced split of one charge line, or its errors. The four parts always add up to <see cref="Total"/> to the fen,
/// each with the sign of the total. Property names are plain English; JSON output uses the platform's names
/// (<see cref="FieldNames"/>).
/// </summary>
/// <remarks>An immutable value; pricing a line with tracing off allocates nothing for its result.</remarks>
public readonly record struct PricingResult
{
    private readonly IReadOnlyList<RuleWarning>? _ruleWarnings;
    private readonly IReadOnlyList<PricingError>? _errors;
    private readonly LineRejection _rejection;

    /// <summary>Initializes a result of a line the rules rejected: its error is built when <see cref="Errors"/> is read.</summary>
    internal PricingResult(LineRejection rejection) => _rejection = rejection;

    /// <summary>Gets the input line, as given.</summary>
    public ChargeLine Line { get; init; }

    /// <summary>Gets the id of the policy version the line was priced under, or <see langword="null"/> when none was found.</summary>
    public string? PolicyId { get; init; }

    /// <summary>Gets the code the line was priced under: the input code, or its new code when NHSA recoded it.</summary>
    public ConsumableCode PricedCode { get; init; }

    /// <summary>Gets how the payment standard was decided (<c>price_basis</c>).</summary>
    public PriceBasis PriceBasis { get; init; }

    /// <summary>Gets the line total, round(unit price × quantity) (<c>det_item_fee_sumamt</c>).</summary>
    public decimal Total { get; init; }

    /// <summary>Gets the fully self-paid amount (<c>fulamt_ownpay_amt</c>).</summary>
    public decimal FullySelfPaid { get; init; }

    /// <summary>Gets the amount above the effective limit (<c>overlmt_amt</c>).</summary>
    public decimal OverLimit { get; init; }

    /// <summary>Gets the pre-self-pay amount, round((total − over-limit) × ratio) (<c>preselfpay_amt</c>).</summary>
    public decimal PreSelfPay { get; init; }

    /// <summary>Gets the in-policy-scope amount, total − over-limit − pre-self-pay (<c>inscp_scp_amt</c>).</summary>
    public decimal InPolicyScope { get; init; }

    /// <summary>Gets the effective unit-price limit: the smallest of the basis limit, the entry's maximum payment limit and the item cap (<c>pric_uplmt_amt</c>); 0 for fully self-paid lines.</summary>
    public decimal EffectiveLimit { get; init; }

    /// <summary>Gets the allowed unit price, min(unit price, effective limit); 0 for fully self-paid lines.</summary>
    public decimal AllowedUnitPrice => IsPriced && PriceBasis != PriceBasis.SelfPay ? Math.Min(Line.UnitPrice, EffectiveLimit) : 0m;

    /// <summary>Gets the pre-self-pay ratio (<c>selfpay_prop</c>); 1 for fully self-paid lines.</summary>
    public decimal SelfPayRatio { get; init; }

    /// <summary>
    /// Gets the catalogue entry that applied: the entry of the line's 15-character code, else the entry of its generic-name
    /// number, else of its class prefix, else the policy's default entry (<see cref="CatalogueEntry.Level"/> says which);
    /// <see langword="null"/> when the code is not listed.
    /// </summary>
    public CatalogueEntry? Entry { get; init; }

    /// <summary>Gets the generic name NHSA's classification table places the priced code under, or <see langword="null"/> when the policy carries no table or the table does not place the code.</summary>
    public GenericName? NhsaGenericName { get; init; }

    /// <summary>Gets the 6-digit 医保通用名编号 NHSA's table places the priced code under (<c>generic_name_code</c>), else the number of the entry that applied, else <see langword="null"/>.</summary>
    public GenericNameNumber? GenericNameCode => NhsaGenericName?.Number ?? Entry?.GenericNameNumber;

    /// <summary>Gets the generic name (医保通用名, <c>generic_name</c>): the name NHSA's table gives the priced code, else the name of the entry that applied (not the policy's default entry), else <see langword="null"/>.</summary>
    public string? GenericName => NhsaGenericName?.Name ?? (Entry is { Level: not CatalogueLevel.Default } e ? e.Name : null);

    /// <summary>Gets the payment category of the catalogue entry, or <see langword="null"/> when the code is not listed.</summary>
    public PaymentCategory? Category { get; init; }

    /// <summary>Gets the platform's charge item level (<c>chrgitm_lv</c>): 01 class A, 02 class B, 03 class C or not listed; empty when not priced.</summary>
    public string ChargeItemLevel => !IsPriced ? string.Empty : Category switch
    {
        PaymentCategory.A => "01",
        PaymentCategory.B => "02",
        _ => "03",
    };

    /// <summary>Gets the platform's medical charge item type (<c>med_chrgitm_type</c>): 08 (medical materials) for a consumable, the line's own type for a context line.</summary>
    public string ChargeItemType => Line.ChargeItemType ?? ChargeLine.ConsumableChargeItemType;

    /// <summary>Gets a value indicating whether the line is a context line (its <c>med_chrgitm_type</c> is not 08): returned as given, with no amounts and no error.</summary>
    public bool IsContext { get; init; }

    /// <summary>Gets a value indicating whether the catalogue entry carries a restricted-use condition (<c>lmt_used_flag</c> 1).</summary>
    public bool IsRestricted { get; init; }

    /// <summary>Gets the warnings of a priced line.</summary>
    public PricingWarnings Warnings { get; init; }

    /// <summary>Gets the warnings users' rules raised on the line (<see cref="PricedLine.Warn"/>); empty when none.</summary>
    public IReadOnlyList<RuleWarning> RuleWarnings
    {
        get => _ruleWarnings ?? [];
        init => _ruleWarnings = value;
    }

    /// <summary>Gets the errors of a line that could not be priced; empty when priced.</summary>
    /// <remarks>A rejected line's error is built each time this is read; pricing itself allocates nothing for it.</remarks>
    public IReadOnlyList<PricingError> Errors
    {
        get => _errors ?? (_rejection.Code == 0 ? [] : [_rejection.ToError(Line, PricedCode)]);
        init => _errors = value;
    }

    /// <summary>Gets the rule trace: every rule considered, whether it fired and why; <see langword="null"/> unless tracing was asked for.</summary>
    public RuleTrace? Trace { get; init; }

    /// <summary>
    /// Returns the result in one line of text, dates in ISO form and errors by their code names:
    /// <c>2400.00 = 0.00 + 400.00 + 200.00 + 1800.00 under sx-2026-b1 (ProcurementWinner): C0311… × 2 at 1200.00 on 2026-03-01 (…)</c>,
    /// <c>not priced: not-listed (med_list_codg): … : C99…</c>, or <c>context line: 06 331501001 …</c>.
    /// </summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        if (IsContext)
        {
            return $"context line: {Line}";
        }

        if (!IsPriced)
        {
            return $"not priced: {string.Join("; ", Errors)}: {Line}";
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Total:F2} = {FullySelfPaid:F2} + {OverLimit:F2} + {PreSelfPay:F2} + {InPolicyScope:F2} under {PolicyId} ({PriceBasis}): {Line}");
    }

    /// <summary>Gets a value indicating whether the line was priced: a consumable line with no errors (a context line is not priced).</summary>
    public bool IsPriced => !IsContext && _rejection.Code == 0 && (_errors is null || _errors.Count == 0);
}
