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
}
