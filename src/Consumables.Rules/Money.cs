namespace Consumables.Rules;

/// <summary>
/// The one place money is rounded and given the platform's scale: amounts to the fen (2 decimals), half away from zero
/// (never banker's rounding); payment limits (<c>pric_uplmt_amt</c>) carry 6 decimals and ratios (<c>selfpay_prop</c>) 4.
/// </summary>
/// <remarks>
/// A decimal keeps the scale its arithmetic left (1200 × 1 is <c>1200</c>, 1000 × 0.1 is <c>100.0</c>); adding a zero of
/// the wanted scale sets it without changing the value (the sum of two decimals has the larger scale), allocates
/// nothing and never rounds a value that already fits.
/// </remarks>
internal static class Money
{
    /// <summary>The item cap of any consumable (50,000 yuan, the highest payment limit).</summary>
    internal const decimal ItemCap = 50_000.00m;

    /// <summary>Zero with the scale of an amount (2 decimals).</summary>
    internal const decimal ZeroAmount = 0.00m;

    /// <summary>Zero with the scale of a limit (6 decimals).</summary>
    internal const decimal ZeroLimit = 0.000000m;

    /// <summary>Zero with the scale of a ratio (4 decimals).</summary>
    internal const decimal ZeroRatio = 0.0000m;

    /// <summary>Rounds an amount in yuan to the fen, half away from zero, with exactly 2 decimals.</summary>
    /// <param name="yuan">The amount.</param>
    /// <returns>The rounded amount, scale 2.</returns>
    internal static decimal RoundToFen(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero) + ZeroAmount;

    /// <summary>Gives a unit-price limit at least the platform's 6 decimals (a limit is never rounded: it is policy data).</summary>
    /// <param name="limit">The limit.</param>
    /// <returns>The same value with at least 6 decimals.</returns>
    internal static decimal AsLimit(decimal limit) => limit + ZeroLimit;

    /// <summary>Gives a ratio at least the platform's 4 decimals (a ratio is never rounded: it is policy data).</summary>
    /// <param name="ratio">The ratio.</param>
    /// <returns>The same value with at least 4 decimals.</returns>
    internal static decimal AsRatio(decimal ratio) => ratio + ZeroRatio;

    /// <summary>Rounds an amount in yuan to the fen half to even: never for pricing, only to recognise another system's rounding when reconciling.</summary>
    /// <param name="yuan">The amount.</param>
    /// <returns>The rounded amount.</returns>
    internal static decimal RoundToFenHalfEven(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.ToEven);

    /// <summary>Rounds a value to a field's scale (a limit to 6 decimals, a ratio to 4), half away from zero.</summary>
    /// <param name="value">The value.</param>
    /// <param name="scale">The number of decimals.</param>
    /// <returns>The rounded value.</returns>
    internal static decimal RoundToScale(decimal value, int scale) => Math.Round(value, scale, MidpointRounding.AwayFromZero);
}
