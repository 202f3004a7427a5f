namespace Consumables.Rules;

/// <summary>The parameters a split is computed from: coverage, the total when taken as given, the limit and the ratio.</summary>
internal readonly record struct SplitParameters(bool Payable, decimal? Total, decimal Limit, decimal Ratio);

/// <summary>A split recomputed for reconciliation: the amounts with the limit and ratio it used.</summary>
internal readonly record struct ReplayedSplit(decimal Total, decimal FullySelfPaid, decimal OverLimit, decimal PreSelfPay, decimal InPolicyScope, decimal Limit, decimal Ratio)
{
    /// <summary>Gets a numeric field by the platform's name, or <see langword="null"/> for a field that is not numeric.</summary>
    internal decimal? Get(string field) => field switch
    {
        FieldNames.Total => Total,
        FieldNames.FullySelfPaid => FullySelfPaid,
        FieldNames.OverLimit => OverLimit,
        FieldNames.PreSelfPay => PreSelfPay,
        FieldNames.InPolicyScope => InPolicyScope,
        FieldNames.EffectiveLimit => Limit,
        FieldNames.SelfPayRatio => Ratio,
        _ => null,
    };
}

/// <summary>A way to round the split: the rules' own (half away from zero, in their order) or one another system may use.</summary>
/// <param name="Name">What the variant does, in a phrase.</param>
/// <param name="HalfEven">Rounds half to even (banker's rounding) instead of half away from zero.</param>
/// <param name="OverLimitAsDifference">Over-limit = round(pric × cnt) − round(allowed × cnt), rounding each product first.</param>
/// <param name="PreSelfPayOnAllowed">Pre-self-pay = round(allowed × cnt × ratio), on the unrounded allowed amount.</param>
internal sealed record RoundingVariant(string Name, bool HalfEven, bool OverLimitAsDifference, bool PreSelfPayOnAllowed)
{
    /// <summary>The rules' own rounding: every amount half away from zero, in the order total, over-limit, pre-self-pay.</summary>
    internal static readonly RoundingVariant Standard = new("half away from zero, in the order total, over-limit, pre-self-pay", false, false, false);

    /// <summary>The other roundings a one-fen difference is checked against, most common first.</summary>
    internal static readonly RoundingVariant[] Others =
    [
        new("half-even (banker's) rounding", true, false, false),
        new("over-limit as round(pric × cnt) − round(allowed × cnt)", false, true, false),
        new("pre-self-pay as round(allowed × cnt × ratio), on the unrounded allowed amount", false, false, true),
        new("half-even rounding with over-limit as round(pric × cnt) − round(allowed × cnt)", true, true, false),
        new("half-even rounding with pre-self-pay as round(allowed × cnt × ratio)", true, false, true),
    ];

    /// <summary>Recomputes the split of a line under given parameters with this rounding.</summary>
    /// <returns><see langword="false"/> when the amounts overflow.</returns>
    internal bool TryCompute(decimal quantity, decimal unitPrice, SplitParameters parameters, out ReplayedSplit split)
    {
        try
        {
            var total = parameters.Total ?? Round(unitPrice * quantity);
            if (!parameters.Payable)
            {
                split = new ReplayedSplit(total, total, 0m, 0m, 0m, 0m, 1m);
                return true;
            }

            var allowed = Math.Min(unitPrice, parameters.Limit);
            var overLimit = OverLimitAsDifference ? Round(unitPrice * quantity) - Round(allowed * quantity) : Round((unitPrice - allowed) * quantity);
            var preSelfPay = PreSelfPayOnAllowed ? Round(allowed * quantity * parameters.Ratio) : Round((total - overLimit) * parameters.Ratio);
            split = new ReplayedSplit(total, 0m, overLimit, preSelfPay, total - overLimit - preSelfPay, parameters.Limit, parameters.Ratio);
            return true;
        }
        catch (OverflowException)
        {
            split = default;
            return false;
        }
    }

    private decimal Round(decimal yuan) => HalfEven ? Money.RoundToFenHalfEven(yuan) : Money.RoundToFen(yuan);
}
