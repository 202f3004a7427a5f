using System.Globalization;
using Consumables.Rules.Cli.Input;

namespace Consumables.Rules.Cli.Reconcile;

/// <summary>
/// Turns the platform's returned lines into reconciliations. With the fee-detail file the HIS sent (<c>--sent</c>), each
/// returned line is joined to its sent line on <c>feedetl_sn</c> (and <c>mdtrt_id</c> when both carry it): the sent line
/// gives what the response lacks (the code, the date, <c>med_chrgitm_type</c>, service items, approvals), the response its
/// split. Consecutive lines of one visit (<c>mdtrt_id</c>) are priced together, as the platform prices them; a line
/// without a visit is priced alone.
/// </summary>
internal sealed class ReturnedLines(Reconciliation reconciliation)
{
    private static readonly HashSet<string> ReturnedNames = [.. ReturnedSplit.FieldNamesRead];

    /// <summary>Joins returned lines to the sent lines; a returned line whose sent line is missing or ambiguous gets a read error.</summary>
    internal static IEnumerable<InputLine> Join(IEnumerable<InputLine> returned, IEnumerable<InputLine> sent)
    {
        var bySerial = new Dictionary<string, List<InputLine>>(StringComparer.Ordinal);
        foreach (var line in sent)
        {
            if (line.ReadError is null && line.Raw.SerialNumber is { Length: > 0 } serial)
            {
                (bySerial.TryGetValue(serial, out var list) ? list : bySerial[serial] = []).Add(line);
            }
        }

        foreach (var line in returned)
        {
            if (line.ReadError is not null)
            {
                yield return line;
                continue;
            }

            var serial = line.Raw.SerialNumber;
            var candidates = serial is null ? null : bySerial.GetValueOrDefault(serial);
            var visit = line.Raw.VisitId;
            var matches = candidates?.Where(s => visit is null || s.Raw.VisitId is null || s.Raw.VisitId == visit).ToList() ?? [];
            if (matches.Count > 1)
            {
                // Serials are unique within a visit only: the response echoes cnt and pric, which tell the visits apart.
                matches = [.. matches.Where(s => SameNumber(s.Raw.Quantity, line.Raw.Quantity) && SameNumber(s.Raw.UnitPrice, line.Raw.UnitPrice))];
            }
            if (matches.Count != 1)
            {
                var why = serial is null ? "carries no feedetl_sn to find its sent line by"
                    : matches.Count == 0 ? $"has feedetl_sn '{InputLine.Shorten(serial)}', which the sent file does not hold{(visit is null ? string.Empty : $" for mdtrt_id '{InputLine.Shorten(visit)}'")}"
                    : string.Create(CultureInfo.InvariantCulture, $"has feedetl_sn '{InputLine.Shorten(serial)}', which {matches.Count} sent lines of different visits hold with its cnt and pric; the returned line names no mdtrt_id to choose by");
                yield return line with { ReadError = string.Create(CultureInfo.InvariantCulture, $"Returned line {line.Number} {why}.") };
                continue;
            }

            var fields = new List<KeyValuePair<string, string?>>(matches[0].Fields.Where(static f => !ReturnedNames.Contains(f.Key)));
            var names = fields.Select(static f => f.Key).ToHashSet(StringComparer.Ordinal);
            fields.AddRange(line.Fields.Where(f => ReturnedNames.Contains(f.Key) || !names.Contains(f.Key)));
            yield return line with { Fields = fields, Raw = InputLine.ToRaw(fields) };
        }
    }

    /// <summary>Says whether two numbers as given are the same value (<c>1</c>, <c>1.0</c> and <c>1.000000</c> are); a missing one matches anything.</summary>
    private static bool SameNumber(string? a, string? b) =>
        a is null || b is null
        || (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && x == y);

    /// <summary>Reconciles the lines in input order, a visit's consecutive lines together.</summary>
    internal IEnumerable<(InputLine Line, LineReconciliation Reconciled)> Reconcile(IEnumerable<InputLine> lines)
    {
        var visit = new List<InputLine>();
        foreach (var line in lines)
        {
            var id = line.ReadError is null && line.Raw.VisitId is { Length: > 0 } v ? v : null;
            if (visit.Count > 0 && (id is null || id != visit[0].Raw.VisitId || visit.Count >= ConsumablePricer.MaxVisitLines))
            {
                foreach (var done in Visit(visit))
                {
                    yield return done;
                }

                visit.Clear();
            }

            if (id is null)
            {
                yield return (line, Alone(line));
            }
            else
            {
                visit.Add(line);
            }
        }

        foreach (var done in Visit(visit))
        {
            yield return done;
        }
    }

    private LineReconciliation Alone(InputLine line) => line.ReadError is null
        ? reconciliation.Reconcile(line.Raw, line.Fields)
        : new LineReconciliation { Errors = [new PricingError(PricingErrorCode.InvalidField, "line", line.ReadError)] };

    /// <summary>Prices a visit's readable lines together; a line that cannot be read is reconciled alone (to its errors).</summary>
    private IEnumerable<(InputLine, LineReconciliation)> Visit(List<InputLine> lines)
    {
        var readable = new List<(int Index, ChargeLine Line, ReturnedSplit Returned)>();
        var results = new LineReconciliation[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (ChargeLine.TryParse(lines[i].Raw, out var typed, out _) && ReturnedSplit.TryRead(lines[i].Fields, out var returned, out _))
            {
                readable.Add((i, typed, returned));
            }
            else
            {
                results[i] = Alone(lines[i]);
            }
        }

        if (readable.Count > 0)
        {
            var reconciled = reconciliation.ReconcileVisit([.. readable.Select(static r => r.Line)], [.. readable.Select(static r => r.Returned)]);
            for (var r = 0; r < readable.Count; r++)
            {
                results[readable[r].Index] = reconciled[r];
            }
        }

        return lines.Select((line, i) => (line, results[i]));
    }
}
