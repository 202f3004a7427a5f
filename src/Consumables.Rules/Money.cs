namespace Consumables.Rules;

/// <summary>The one place money is rounded: to the fen, half away from zero (never banker's rounding).</summary>
internal static class Money
{
    /// <summary>The item cap of any consumable (50,000 yuan, the highest payment limit).</summary>
    internal const decimal ItemCap = 50_000.00m;

    /// <summary>Rounds an amount in yuan to the fen (2 decimals), half away from zero.</summary>
    /// <param name="yuan">The amount.</param>
    /// <returns>The rounded amount.</returns>
    internal static decimal RoundToFen(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);

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
