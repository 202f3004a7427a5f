using Consumables.Rules.Codes;

namespace Consumables.Rules.Policy;

/// <summary>The median actual settlement price (实际结算中位价) of a catalogue code over a period.</summary>
/// <param name="Code">The catalogue code.</param>
/// <param name="Median">The median unit price in yuan.</param>
/// <param name="From">The first day of the period.</param>
/// <param name="To">The last day of the period (inclusive).</param>
public sealed record SettlementMedian(CatalogueCode Code, decimal Median, DateOnly From, DateOnly To);

/// <summary>
/// One fee-detail line (费用明细) as input to <see cref="SettlementMedianCalculator"/>: a sale (positive quantity) or a
/// refund (negative quantity naming its sale).
/// </summary>
/// <param name="Id">The line's serial number (<c>feedetl_sn</c>).</param>
/// <param name="SaleId">For a refund, the serial number of the sale it refunds (<c>init_feedetl_sn</c>); otherwise <see langword="null"/>.</param>
/// <param name="Code">The catalogue code (the first 15 characters of <c>med_list_codg</c>).</param>
/// <param name="Quantity">The quantity (<c>cnt</c>): positive for a sale, negative for a refund; zero is invalid.</param>
/// <param name="UnitPrice">The unit price in yuan (<c>pric</c>).</param>
/// <param name="Date">The day the fee arose (<c>fee_ocur_time</c>).</param>
public readonly record struct SettlementRecord(string Id, string? SaleId, CatalogueCode Code, decimal Quantity, decimal UnitPrice, DateOnly Date);

/// <summary>A code whose units in the period fall below the minimum: its median is reported, never published.</summary>
/// <param name="Code">The catalogue code.</param>
/// <param name="Units">The units left after refunds in the period.</param>
/// <param name="Median">The weighted median those units give, rounded to the fen.</param>
public readonly record struct SettlementSample(CatalogueCode Code, decimal Units, decimal Median);

/// <summary>What <see cref="SettlementMedianCalculator.Compute"/> publishes, what it holds back and which lines it left out.</summary>
/// <param name="Medians">The published medians (codes with at least the minimum units), ordered by code.</param>
/// <param name="BelowMinimum">Codes with units in the period but fewer than the minimum, ordered by code.</param>
/// <param name="Lines">The lines read.</param>
/// <param name="Invalid">Lines left out for an invalid field (a zero quantity, a blank serial number).</param>
/// <param name="NonPositivePrice">Sales left out for a unit price of zero or less.</param>
/// <param name="DuplicateSales">Sales left out because another sale carries the same serial number.</param>
/// <param name="RefundsWithoutSale">Refunds left out because they name no sale kept from the records.</param>
/// <param name="FullyRefunded">Sales whose refunds took back their whole quantity (or more): they count nothing.</param>
/// <param name="OutsidePeriod">Sales kept but dated outside the period.</param>
public sealed record SettlementMedianReport(
    IReadOnlyList<SettlementMedian> Medians,
    IReadOnlyList<SettlementSample> BelowMinimum,
    long Lines,
    long Invalid,
    long NonPositivePrice,
    long DuplicateSales,
    long RefundsWithoutSale,
    long FullyRefunded,
    long OutsidePeriod);

/// <summary>
/// Computes settlement medians (实际结算中位价) from fee-detail lines in memory: the reference definition, for inputs that
/// fit in memory (the command-line tool computes the same medians in an embedded database at a province's scale).
/// </summary>
/// <remarks>
/// <para>Refunds are netted against their sales first: a line with a negative quantity reduces the quantity of the sale
/// its <see cref="SettlementRecord.SaleId"/> names, whatever day the refund is dated; a sale refunded in full counts
/// nothing, and a refund naming no kept sale is left out and counted. Sales with a zero quantity, a blank serial number,
/// a unit price of zero or less, or a serial number another sale also carries are left out and counted.</para>
/// <para>Per catalogue code, over the sales dated within the period, the median is weighted by quantity: order the
/// sales by unit price, let W be their total quantity; the median is the first price at which the running quantity
/// reaches W/2 — when it equals W/2 exactly there, the mean of that price and the next higher one — rounded half away
/// from zero to the fen. For whole quantities this is the ordinary median of the units, each counted once.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class SettlementMedianCalculator
{
    /// <summary>
    /// The default minimum units a code needs for its median to be published (30): below it a single hospital's price
    /// can set the limit for a province, and one more sale can move the median by a whole price step.
    /// </summary>
    public const decimal DefaultMinimumUnits = 30m;

    /// <summary>Computes, per catalogue code, the quantity-weighted median unit price of the sales dated within the period.</summary>
    /// <param name="records">The fee-detail lines: sales and refunds.</param>
    /// <param name="from">The first day of the period.</param>
    /// <param name="to">The last day of the period (inclusive).</param>
    /// <param name="minimumUnits">The units a code needs for its median to be published (zero publishes every code with units).</param>
    /// <returns>The published medians, the codes below the minimum and the counts of lines left out.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumUnits"/> is negative.</exception>
    public static SettlementMedianReport Compute(IEnumerable<SettlementRecord> records, DateOnly from, DateOnly to, decimal minimumUnits = DefaultMinimumUnits)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumUnits);
        if (to < from)
        {
            throw new ArgumentException($"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        }

        long lines = 0, invalid = 0, nonPositive = 0, duplicates = 0, orphans = 0, refunded = 0, outside = 0;
        var sales = new List<SettlementRecord>();
        var refunds = new List<SettlementRecord>();
        foreach (var record in records)
        {
            lines++;
            if (record.Quantity == 0m || string.IsNullOrEmpty(record.Id))
            {
                invalid++;
            }
            else
            {
                (record.Quantity > 0m ? sales : refunds).Add(record);
            }
        }

        // A serial number carried by two sales names neither: both are left out.
        var salesPerId = sales.CountBy(static s => s.Id, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var kept = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var sale in sales)
        {
            if (salesPerId[sale.Id] > 1)
            {
                duplicates++;
            }
            else if (sale.UnitPrice <= 0m)
            {
                nonPositive++;
            }
            else
            {
                kept.Add(sale.Id, sale.Quantity);
            }
        }

        foreach (var refund in refunds)
        {
            if (refund.SaleId is { } id && kept.TryGetValue(id, out var quantity))
            {
                kept[id] = quantity + refund.Quantity;
            }
            else
            {
                orphans++;
            }
        }

        var units = new List<SettlementRecord>();
        foreach (var sale in sales)
        {
            if (!kept.TryGetValue(sale.Id, out var net))
            {
                continue;
            }

            if (net <= 0m)
            {
                refunded++;
            }
            else if (sale.Date < from || sale.Date > to)
            {
                outside++;
            }
            else
            {
                units.Add(sale with { Quantity = net });
            }
        }

        var medians = new List<SettlementMedian>();
        var below = new List<SettlementSample>();
        foreach (var group in units.GroupBy(static u => u.Code).OrderBy(static g => g.Key))
        {
            var (median, total) = WeightedMedian(group.Select(static u => (u.UnitPrice, u.Quantity)));
            if (total >= minimumUnits)
            {
                medians.Add(new SettlementMedian(group.Key, median, from, to));
            }
            else
            {
                below.Add(new SettlementSample(group.Key, total, median));
            }
        }

        return new SettlementMedianReport(medians, below, lines, invalid, nonPositive, duplicates, orphans, refunded, outside);
    }

    /// <summary>The quantity-weighted median of positive quantities at their prices, rounded to the fen, and the total quantity.</summary>
    internal static (decimal Median, decimal Units) WeightedMedian(IEnumerable<(decimal Price, decimal Quantity)> sales)
    {
        var steps = sales
            .GroupBy(static s => s.Price)
            .Select(static g => (Price: g.Key, Quantity: g.Sum(static s => s.Quantity)))
            .OrderBy(static s => s.Price)
            .ToArray();
        var total = steps.Sum(static s => s.Quantity);
        var running = 0m;
        for (var i = 0; i < steps.Length; i++)
        {
            running += steps[i].Quantity;
            if (running * 2m == total)
            {
                // The running quantity is exactly half, so the total exceeds it: a higher price follows.
                return (Money.RoundToFen((steps[i].Price + steps[i + 1].Price) / 2m), total);
            }

            if (running * 2m > total)
            {
                return (Money.RoundToFen(steps[i].Price), total);
            }
        }

        throw new InvalidOperationException("No quantity to take a median of.");
    }
}
