using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Pricing;

/// <summary>
/// What one visit bills besides its consumables: the codes of its context lines (service items, drugs…), by which a
/// restricted entry's named service item is satisfied, and whether its lines agree on the insured area and the
/// insurance type. Built once per visit, before its lines are decided.
/// </summary>
/// <remarks>
/// A context line counts only when it is valid (its code, a non-zero <c>cnt</c> and its date were read) and its code is
/// net-billed in the visit: the quantities of the valid lines billing one item (read by <see cref="ServiceItemCode"/>)
/// add up above zero, so a charge refunded in the visit (+1, −1) bills nothing. The line named is the first valid
/// positive one.
/// </remarks>
internal sealed class VisitContext
{
    private readonly Dictionary<string, Billed> _billed;

    private VisitContext(Dictionary<string, Billed> billed, string? mismatch)
    {
        _billed = billed;
        Mismatch = mismatch;
    }

    /// <summary>Gets why the visit's lines disagree on the insured area or the insurance type, or null when they agree.</summary>
    internal string? Mismatch { get; }

    /// <summary>Builds the context of a visit from its lines; null when nothing in it can change a line (no context line, no disagreement).</summary>
    internal static VisitContext? Of(IReadOnlyList<ChargeLine> lines)
    {
        Dictionary<string, Billed>? billed = null;
        AdministrativeDivision? area = null;
        InsuranceType? insurance = null;
        var areaDiffers = false;
        var insuranceDiffers = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.IsContext && IsValid(line))
            {
                var key = ServiceItemCode.ItemOf(line.ContextCode).ToString();
                billed ??= new(StringComparer.OrdinalIgnoreCase);
                var sum = billed.TryGetValue(key, out var so) ? so : new Billed(0m, -1, string.Empty);
                billed[key] = sum.Index < 0 && line.Quantity > 0
                    ? new Billed(sum.Quantity + line.Quantity, i, line.ContextCode!)
                    : sum with { Quantity = sum.Quantity + line.Quantity };
            }

            // A context line is read leniently: a field it could not read (left at its default) takes no part.
            if (line.PoolingArea != default)
            {
                areaDiffers |= area is { } a && a != line.PoolingArea;
                area ??= line.PoolingArea;
            }

            if (line.InsuranceType != default)
            {
                insuranceDiffers |= insurance is { } t && t != line.InsuranceType;
                insurance ??= line.InsuranceType;
            }
        }

        var mismatch = areaDiffers || insuranceDiffers ? Describe(lines, areaDiffers, insuranceDiffers) : null;
        return billed is null && mismatch is null ? null : new VisitContext(billed ?? [], mismatch);
    }

    /// <summary>Says whether a context line can bill its item: its code, a non-zero quantity and its date were read (the raw reader leaves a field it could not read at its default, and an unreadable price zeroes the quantity).</summary>
    private static bool IsValid(in ChargeLine line) =>
        !string.IsNullOrWhiteSpace(line.ContextCode) && line.Quantity != 0m && line.ServiceDate != default;

    /// <summary>Finds the first line of the visit that bills one of the service items a restriction names.</summary>
    /// <param name="restriction">The restriction.</param>
    /// <param name="index">The billing line's index in the visit.</param>
    /// <param name="serviceItem">The code that line bills, as billed (<c>med_list_codg</c>).</param>
    /// <returns>True when the visit bills one of them.</returns>
    internal bool Bills(Restriction restriction, out int index, out string serviceItem)
    {
        index = int.MaxValue;
        serviceItem = string.Empty;
        var billed = _billed.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var item in restriction.ServiceItems)
        {
            if (billed.TryGetValue(ServiceItemCode.ItemOf(item), out var at) && at.Quantity > 0m && at.Index >= 0 && at.Index < index)
            {
                (index, serviceItem) = (at.Index, at.Code);
            }
        }

        return index != int.MaxValue;
    }

    /// <summary>What a visit bills of one item: the net quantity, and the first valid positive line (its index and code as billed).</summary>
    private readonly record struct Billed(decimal Quantity, int Index, string Code);

    private static string Describe(IReadOnlyList<ChargeLine> lines, bool area, bool insurance)
    {
        static string Groups<T>(IReadOnlyList<ChargeLine> lines, Func<ChargeLine, T> key, Func<T, string> show, T none)
            where T : struct => string.Join(", ", lines.Select((l, i) => (Key: key(l), Line: i + 1)).Where(p => !p.Key.Equals(none))
                .GroupBy(static p => p.Key).Select(g => $"{show(g.Key)} (line {string.Join(", ", g.Select(static p => p.Line.ToString(CultureInfo.InvariantCulture)))})"));

        var parts = new List<string>();
        if (area)
        {
            parts.Add("insuplc_admdvs " + Groups(lines, static l => l.PoolingArea, static a => a.ToString(), default));
        }

        if (insurance)
        {
            parts.Add("insutype " + Groups(lines, static l => l.InsuranceType, static t => ((int)t).ToString(CultureInfo.InvariantCulture), default));
        }

        return "The lines of one visit (mdtrt_id) disagree on " + string.Join("; and on ", parts)
            + "; a visit is one patient's, under one insured area and one insurance type.";
    }
}
