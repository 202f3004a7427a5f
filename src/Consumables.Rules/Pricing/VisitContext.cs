using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Pricing;

/// <summary>
/// What one visit bills besides its consumables: the codes of its context lines (service items, drugs…), by which a
/// restricted entry's named service item is satisfied, and whether its lines agree on the insured area and the
/// insurance type. Built once per visit, before its lines are decided.
/// </summary>
internal sealed class VisitContext
{
    private readonly Dictionary<string, int> _billed;

    private VisitContext(Dictionary<string, int> billed, string? mismatch)
    {
        _billed = billed;
        Mismatch = mismatch;
    }

    /// <summary>Gets why the visit's lines disagree on the insured area or the insurance type, or null when they agree.</summary>
    internal string? Mismatch { get; }

    /// <summary>Builds the context of a visit from its lines; null when nothing in it can change a line (no context line, no disagreement).</summary>
    internal static VisitContext? Of(IReadOnlyList<ChargeLine> lines)
    {
        Dictionary<string, int>? billed = null;
        AdministrativeDivision? area = null;
        InsuranceType? insurance = null;
        var areaDiffers = false;
        var insuranceDiffers = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.IsContext && line.ContextCode is { } code)
            {
                (billed ??= new(StringComparer.Ordinal)).TryAdd(code, i);
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

    /// <summary>Finds the first line of the visit that bills one of the service items a restriction names.</summary>
    /// <param name="restriction">The restriction.</param>
    /// <param name="index">The billing line's index in the visit.</param>
    /// <param name="serviceItem">The service item it bills.</param>
    /// <returns>True when the visit bills one of them.</returns>
    internal bool Bills(Restriction restriction, out int index, out string serviceItem)
    {
        index = int.MaxValue;
        serviceItem = string.Empty;
        foreach (var item in restriction.ServiceItems)
        {
            if (_billed.TryGetValue(item, out var at) && at < index)
            {
                (index, serviceItem) = (at, item);
            }
        }

        return index != int.MaxValue;
    }

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
