namespace Consumables.Rules;

/// <summary>
/// The split the insurance platform returned for one fee-detail line: the output of interface 2301 (住院费用明细上传; 2204
/// for outpatients), under the platform's field names. A field left out (<see langword="null"/>) is not compared.
/// </summary>
/// <remarks>
/// An immutable value. Widths follow the interface: amounts 16,2; <c>pric_uplmt_amt</c> 16,6; <c>selfpay_prop</c> 5,4;
/// <c>chrgitm_lv</c> a code of up to 3 characters (01 class A, 02 class B, 03 class C); <c>lmt_used_flag</c> 0 or 1.
/// </remarks>
public sealed record ReturnedSplit
{
    /// <summary>Gets the names of the returned fields read by <see cref="TryRead"/>, in the interface's order.</summary>
    public static IReadOnlyList<string> FieldNamesRead { get; } =
    [
        FieldNames.Total, FieldNames.EffectiveLimit, FieldNames.SelfPayRatio, FieldNames.FullySelfPaid, FieldNames.OverLimit,
        FieldNames.PreSelfPay, FieldNames.InPolicyScope, FieldNames.ChargeItemLevel, FieldNames.RestrictedFlag,
    ];

    /// <summary>Gets the line total (<c>det_item_fee_sumamt</c>, 明细项目费用总额).</summary>
    public decimal? Total { get; init; }

    /// <summary>Gets the limit (<c>pric_uplmt_amt</c>, 定价上限金额).</summary>
    public decimal? EffectiveLimit { get; init; }

    /// <summary>Gets the ratio (<c>selfpay_prop</c>, 自付比例).</summary>
    public decimal? SelfPayRatio { get; init; }

    /// <summary>Gets the fully self-paid amount (<c>fulamt_ownpay_amt</c>, 全自费金额).</summary>
    public decimal? FullySelfPaid { get; init; }

    /// <summary>Gets the over-limit amount (<c>overlmt_amt</c>, 超限价金额).</summary>
    public decimal? OverLimit { get; init; }

    /// <summary>Gets the pre-self-pay amount (<c>preselfpay_amt</c>, 先行自付金额).</summary>
    public decimal? PreSelfPay { get; init; }

    /// <summary>Gets the in-policy-scope amount (<c>inscp_scp_amt</c>, 符合政策范围金额).</summary>
    public decimal? InPolicyScope { get; init; }

    /// <summary>Gets the charge item level (<c>chrgitm_lv</c>, 收费项目等级): 01, 02 or 03.</summary>
    public string? ChargeItemLevel { get; init; }

    /// <summary>Gets the restricted-use flag (<c>lmt_used_flag</c>, 限制使用标志).</summary>
    public bool? IsRestricted { get; init; }

    /// <summary>Gets a value indicating whether no field was returned.</summary>
    public bool IsEmpty => Total is null && EffectiveLimit is null && SelfPayRatio is null && FullySelfPaid is null && OverLimit is null
        && PreSelfPay is null && InPolicyScope is null && ChargeItemLevel is null && IsRestricted is null;

    /// <summary>Reads the returned fields from name–value pairs under the platform's names; other names are ignored, an empty value is a field not returned.</summary>
    /// <param name="fields">The fields, as a vendor stored the platform's answer (the first of a repeated name counts).</param>
    /// <param name="split">The split when every field present was read.</param>
    /// <param name="errors">One typed error per bad field, naming the field and the value (empty on success).</param>
    /// <returns><see langword="true"/> when every field present was read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> is <see langword="null"/>.</exception>
    public static bool TryRead(IEnumerable<KeyValuePair<string, string?>> fields, out ReturnedSplit split, out IReadOnlyList<PricingError> errors)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            values.TryAdd(name, value);
        }

        List<PricingError>? found = null;
        void Fail(PricingErrorCode code, string field, string message) => (found ??= []).Add(new PricingError(code, field, message));

        string? Text(string name) => values.TryGetValue(name, out var text) && !string.IsNullOrEmpty(text) ? text : null;

        // The platform's own widths (amounts 16,2, the limit 16,6, the ratio 5,4), under each field's name.
        decimal? Number(string name, PlatformWidth width) =>
            Text(name) is { } text ? RawLineReader.ReadDecimal(text, width with { Name = name }, Fail) : null;

        var ratio = Number(FieldNames.SelfPayRatio, PlatformWidth.Ratio);
        if (ratio is < 0m or > 1m)
        {
            Fail(PricingErrorCode.InvalidField, FieldNames.SelfPayRatio, $"selfpay_prop '{Text(FieldNames.SelfPayRatio)}' is outside 0–1.");
        }

        var limit = Number(FieldNames.EffectiveLimit, PlatformWidth.PriceLimit);
        if (limit < 0m)
        {
            Fail(PricingErrorCode.InvalidField, FieldNames.EffectiveLimit, $"pric_uplmt_amt '{Text(FieldNames.EffectiveLimit)}' is below zero; a limit is 0 or more.");
        }

        var level = Text(FieldNames.ChargeItemLevel);
        if (level is not (null or "01" or "02" or "03"))
        {
            Fail(PricingErrorCode.InvalidField, FieldNames.ChargeItemLevel, $"chrgitm_lv '{level}' is not a charge item level; expected 01 (class A), 02 (class B) or 03 (class C).");
        }

        var restricted = Text(FieldNames.RestrictedFlag);
        if (restricted is not (null or "0" or "1"))
        {
            Fail(PricingErrorCode.InvalidField, FieldNames.RestrictedFlag, $"lmt_used_flag '{restricted}' is not a flag; expected 0, 1 or empty.");
        }

        split = new ReturnedSplit
        {
            Total = Number(FieldNames.Total, PlatformWidth.Amount),
            EffectiveLimit = limit,
            SelfPayRatio = ratio,
            FullySelfPaid = Number(FieldNames.FullySelfPaid, PlatformWidth.Amount),
            OverLimit = Number(FieldNames.OverLimit, PlatformWidth.Amount),
            PreSelfPay = Number(FieldNames.PreSelfPay, PlatformWidth.Amount),
            InPolicyScope = Number(FieldNames.InPolicyScope, PlatformWidth.Amount),
            ChargeItemLevel = level,
            IsRestricted = restricted is null ? null : restricted == "1",
        };
        errors = found is null ? [] : found;
        return found is null;
    }
}
