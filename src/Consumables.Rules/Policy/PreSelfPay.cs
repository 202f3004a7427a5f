using System.Collections.Frozen;
using Consumables.Rules.Catalogue;

namespace Consumables.Rules.Policy;

/// <summary>
/// A row of the pre-self-pay table (先行自付比例): for an insurance type, a pooling area, an origin (or any), a payment
/// category and optionally a half-open unit-price band <c>[MinUnitPrice, MaxUnitPrice)</c>, the ratio the patient pays first.
/// </summary>
/// <param name="InsuranceType">The insurance type.</param>
/// <param name="Area">The pooling area: a province row covers its cities and counties, a city row its counties.</param>
/// <param name="Origin">The origin, or <see langword="null"/> for any origin.</param>
/// <param name="Category">The payment category.</param>
/// <param name="Ratio">The ratio, 0 to 1.</param>
/// <param name="MinUnitPrice">The band's lower bound (inclusive), or <see langword="null"/>.</param>
/// <param name="MaxUnitPrice">The band's upper bound (exclusive), or <see langword="null"/>.</param>
public sealed record PreSelfPayRow(
    InsuranceType InsuranceType,
    AdministrativeDivision Area,
    Origin? Origin,
    PaymentCategory Category,
    decimal Ratio,
    decimal? MinUnitPrice = null,
    decimal? MaxUnitPrice = null)
{
    /// <summary>Says whether the row's band contains the unit price.</summary>
    /// <param name="unitPrice">The line's actual unit price.</param>
    /// <returns><see langword="true"/> when <c>min ≤ price &lt; max</c> (open bounds always hold).</returns>
    public bool Covers(decimal unitPrice) =>
        (MinUnitPrice is not { } min || unitPrice >= min) && (MaxUnitPrice is not { } max || unitPrice < max);

    /// <summary>Says whether two rows could both apply to one line (same type, area, category; origins compatible; bands intersect).</summary>
    /// <param name="other">The other row.</param>
    /// <returns><see langword="true"/> when they overlap.</returns>
    public bool Overlaps(PreSelfPayRow other) =>
        InsuranceType == other.InsuranceType && Area == other.Area && Category == other.Category &&
        (Origin is null || other.Origin is null || Origin == other.Origin) &&
        (MaxUnitPrice is not { } max || other.MinUnitPrice is not { } otherMin || otherMin < max) &&
        (other.MaxUnitPrice is not { } otherMax || MinUnitPrice is not { } min || min < otherMax);
}

/// <summary>Whether the pre-self-pay table found a ratio for a line.</summary>
public enum RatioLookupStatus
{
    /// <summary>No row applies (and the category is not A): the ratio must be configured.</summary>
    NoRow = 0,

    /// <summary>A row applies (or class A with no row: ratio 0).</summary>
    Found,

    /// <summary>The most specific rows differ by origin, and the line's origin is unknown.</summary>
    OriginRequired,
}

/// <summary>The answer of <see cref="PreSelfPayTable.Find"/>.</summary>
/// <param name="Status">Whether a ratio was found.</param>
/// <param name="Ratio">The ratio when found.</param>
/// <param name="Row">The row that applies, or <see langword="null"/> (class A with no row, or not found).</param>
public readonly record struct RatioLookup(RatioLookupStatus Status, decimal Ratio, PreSelfPayRow? Row);

/// <summary>
/// The pre-self-pay decision table: the most specific area wins (county, then city, then province); at one specificity
/// the row of the line's origin, else the any-origin row. It never guesses: a missing row is reported, except that
/// class A, which has no pre-self-pay by definition, takes 0 when no row names it.
/// </summary>
/// <remarks>Immutable and thread-safe; <see cref="Find"/> allocates nothing.</remarks>
public sealed class PreSelfPayTable
{
    private readonly FrozenDictionary<long, PreSelfPayRow[]> _rows;

    internal PreSelfPayTable(IEnumerable<PreSelfPayRow> rows)
    {
        Rows = [.. rows];
        _rows = Rows.GroupBy(static r => Key(r.InsuranceType, r.Area.Code, r.Category)).ToFrozenDictionary(static g => g.Key, static g => g.ToArray());
    }

    /// <summary>One integer key per (insurance type, area, category): cheaper to hash than a tuple on every line.</summary>
    private static long Key(InsuranceType insuranceType, int area, PaymentCategory category) =>
        ((long)insuranceType << 40) | ((long)area << 8) | (long)category;

    /// <summary>Gets the rows, in file order.</summary>
    public IReadOnlyList<PreSelfPayRow> Rows { get; }

    /// <summary>Finds the ratio for a line.</summary>
    /// <param name="insuranceType">The insurance type.</param>
    /// <param name="area">The pooling area.</param>
    /// <param name="origin">The line's origin, or <see langword="null"/> when unknown.</param>
    /// <param name="category">The payment category.</param>
    /// <param name="unitPrice">The line's actual unit price (for banded rows).</param>
    /// <returns>The ratio, or why there is none.</returns>
    public RatioLookup Find(InsuranceType insuranceType, AdministrativeDivision area, Origin? origin, PaymentCategory category, decimal unitPrice)
    {
        var county = area.Level == DivisionLevel.County ? area.Code : 0;
        var city = area.Level == DivisionLevel.Province ? 0 : area.City.Code;
        var province = area.Province.Code;
        var lookup = FindAt(county, insuranceType, origin, category, unitPrice);
        if (lookup.Status == RatioLookupStatus.NoRow)
        {
            lookup = FindAt(city, insuranceType, origin, category, unitPrice);
        }

        if (lookup.Status == RatioLookupStatus.NoRow)
        {
            lookup = FindAt(province, insuranceType, origin, category, unitPrice);
        }

        return lookup.Status == RatioLookupStatus.NoRow && category == PaymentCategory.A
            ? new RatioLookup(RatioLookupStatus.Found, 0m, null)
            : lookup;
    }

    private RatioLookup FindAt(int area, InsuranceType insuranceType, Origin? origin, PaymentCategory category, decimal unitPrice)
    {
        if (area == 0 || !_rows.TryGetValue(Key(insuranceType, area, category), out var rows))
        {
            return default;
        }

        PreSelfPayRow? any = null;
        var originSpecific = false;
        foreach (var row in rows)
        {
            if (!row.Covers(unitPrice))
            {
                continue;
            }

            if (row.Origin is null)
            {
                any = row;
            }
            else if (origin is null)
            {
                originSpecific = true;
            }
            else if (row.Origin == origin)
            {
                return new RatioLookup(RatioLookupStatus.Found, row.Ratio, row);
            }
        }

        return any is not null ? new RatioLookup(RatioLookupStatus.Found, any.Ratio, any)
            : originSpecific ? new RatioLookup(RatioLookupStatus.OriginRequired, 0m, null)
            : default;
    }
}
