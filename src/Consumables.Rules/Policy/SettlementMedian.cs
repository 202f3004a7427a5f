using Consumables.Rules.Codes;

namespace Consumables.Rules.Policy;

/// <summary>The median actual settlement price (实际结算中位价) of a catalogue code over a period.</summary>
/// <param name="Code">The catalogue code.</param>
/// <param name="Median">The median unit price in yuan.</param>
/// <param name="From">The first day of the period.</param>
/// <param name="To">The last day of the period (inclusive).</param>
public sealed record SettlementMedian(CatalogueCode Code, decimal Median, DateOnly From, DateOnly To);

/// <summary>One settled line, as input to <see cref="SettlementMedianCalculator"/>.</summary>
/// <param name="Code">The catalogue code.</param>
/// <param name="UnitPrice">The settled unit price in yuan.</param>
/// <param name="Date">The settlement date.</param>
public readonly record struct SettlementRecord(CatalogueCode Code, decimal UnitPrice, DateOnly Date);

/// <summary>Computes settlement medians from settlement records.</summary>
public static class SettlementMedianCalculator
{
    /// <summary>
    /// Computes, per catalogue code, the median unit price of the records dated within the period: the middle value, or
    /// the mean of the two middle values for an even count, rounded half away from zero to the fen.
    /// </summary>
    /// <param name="records">The settlement records.</param>
    /// <param name="from">The first day of the period.</param>
    /// <param name="to">The last day of the period (inclusive).</param>
    /// <returns>One median per catalogue code with records in the period, ordered by code.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static IReadOnlyList<SettlementMedian> Compute(IEnumerable<SettlementRecord> records, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (to < from)
        {
            throw new ArgumentException($"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        }

        return records
            .Where(r => r.Date >= from && r.Date <= to)
            .GroupBy(static r => r.Code)
            .OrderBy(static g => g.Key)
            .Select(g => new SettlementMedian(g.Key, Median(g.Select(static r => r.UnitPrice).Order().ToArray()), from, to))
            .ToList();
    }

    private static decimal Median(decimal[] sorted)
    {
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1
            ? Money.RoundToFen(sorted[middle])
            : Money.RoundToFen((sorted[middle - 1] + sorted[middle]) / 2m);
    }
}
