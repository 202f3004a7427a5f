using System.Globalization;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Input;

/// <summary>
/// Prices an input as the platform sees it: the lines of one visit (<c>mdtrt_id</c>, compared trimmed and without
/// regard to case; a line without one is its own visit) together wherever they lie in the file, and each refund naming
/// its sale (<c>init_feedetl_sn</c>) as the mirror of that sale wherever the sale lies. Yields every line with its result
/// in input order.
/// </summary>
/// <remarks>
/// The input is read twice. The first pass keeps only an index: each visit's line count and last line, the serial
/// numbers refunds name, and a 64-bit hash of every serial number (so a refund whose sale is not in the file is known at
/// once). The second pass prices a visit when its last line is read, and a refund as soon as its sale is priced; a line
/// is written when every line before it is. Memory holds the index, the visits still open and the lines waiting behind
/// them: flat for a file whose visits are consecutive and whose refunds follow their sales closely, whatever its length.
/// A visit of more than <see cref="ConsumablePricer.MaxVisitLines"/> lines is an error on each of its lines, held nowhere.
/// </remarks>
internal sealed class VisitReader(IConsumablePricer pricer, HospitalCodeMap? hospitalCodes)
{
    private readonly Dictionary<string, (int Count, int Last)> _visits = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _named = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _serials = [];
    private readonly Dictionary<string, List<Slot>> _open = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Sale> _sales = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Slot>> _waiting = new(StringComparer.Ordinal);
    private readonly Queue<Slot> _order = new();

    /// <summary>Prices the lines, which must be the lines <see cref="Index"/> read, yielding each with its result in input order.</summary>
    internal IEnumerable<(InputLine Input, PricingResult Result)> Price(IEnumerable<InputLine> lines)
    {
        foreach (var input in lines)
        {
            var slot = new Slot(input);
            _order.Enqueue(slot);
            var key = VisitKey(input);
            if (key is null)
            {
                Settle([Read(slot)], alone: true);
            }
            else if (_visits[key].Count > ConsumablePricer.MaxVisitLines)
            {
                slot.Done(TooLarge(input, _visits[key].Count));
            }
            else
            {
                Read(slot);
                if (!_open.TryGetValue(key, out var visit))
                {
                    _open[key] = visit = [];
                }

                visit.Add(slot);
                if (input.Number == _visits[key].Last)
                {
                    _open.Remove(key);
                    Settle(visit);
                }
            }

            while (_order.TryPeek(out var head) && head.Result is { } result)
            {
                _order.Dequeue();
                yield return (head.Input, result);
            }
        }

        foreach (var (serial, refunds) in _waiting)
        {
            foreach (var refund in refunds)
            {
                Mirror(refund, serial);
            }
        }

        while (_order.TryDequeue(out var slot))
        {
            yield return (slot.Input, slot.Result!.Value);
        }
    }

    /// <summary>The visit a line belongs to, trimmed; null for a line without one (or one that could not be read), which is its own visit.</summary>
    private static string? VisitKey(InputLine input) =>
        input.ReadError is null && !string.IsNullOrWhiteSpace(input.Raw.VisitId) ? input.Raw.VisitId.Trim() : null;

    private static string? Trimmed(string? serial) => string.IsNullOrWhiteSpace(serial) ? null : serial.Trim();

    /// <summary>A 64-bit hash of a serial number, stable within the process (both passes run in it).</summary>
    private static long Hash(string serial) =>
        unchecked(((long)string.GetHashCode(serial, StringComparison.Ordinal) << 32) | (uint)StringComparer.OrdinalIgnoreCase.GetHashCode(serial));

    /// <summary>The first pass: reads the lines once, keeping only the index (visits, serial numbers named by refunds, hashes of serial numbers).</summary>
    internal void Index(IEnumerable<InputLine> lines)
    {
        foreach (var input in lines)
        {
            if (VisitKey(input) is { } key)
            {
                _visits[key] = (_visits.TryGetValue(key, out var seen) ? seen.Count + 1 : 1, input.Number);
            }

            if (Trimmed(input.Raw.OriginalSerialNumber) is { } named)
            {
                _named.Add(named);
            }

            if (Trimmed(input.Raw.SerialNumber) is { } serial)
            {
                var hash = Hash(serial);
                _serials[hash] = _serials.GetValueOrDefault(hash) + 1;
            }
        }
    }

    private Slot Read(Slot slot)
    {
        var input = slot.Input;
        if (input.ReadError is not null)
        {
            slot.Errors = [new PricingError(PricingErrorCode.InvalidField, "line", input.ReadError)];
        }
        else if (!ChargeLine.TryParse(input.Raw, hospitalCodes, out slot.Line, out var errors))
        {
            slot.Errors = errors;
        }

        return slot;
    }

    /// <summary>Prices one visit (or a line on its own), then settles its refunds and the refunds waiting for its sales.</summary>
    private void Settle(List<Slot> visit, bool alone = false)
    {
        var typed = visit.Where(static s => s.Errors is null).Select(static s => s.Line).ToList();
        IReadOnlyList<PricingResult> results = typed.Count == 0 ? [] : alone ? [pricer.Price(typed[0])] : pricer.PriceVisit(typed);
        var next = 0;
        foreach (var slot in visit)
        {
            var result = slot.Errors is null ? results[next++] : new PricingResult { Line = slot.Line, Errors = slot.Errors };
            if (IsRefund(slot) && result.Warnings.HasFlag(PricingWarnings.RefundUnmatched))
            {
                slot.Pending = result;  // its sale is not in its visit: it may be elsewhere in the file
            }
            else
            {
                slot.Done(result);
            }
        }

        var sold = new List<string>();
        foreach (var slot in visit)
        {
            if (Trimmed(slot.Input.Raw.SerialNumber) is { } serial && _named.Contains(serial))
            {
                _sales[serial] = _sales.TryGetValue(serial, out var first) ? first with { Twice = true } : new Sale(slot.Result ?? slot.Pending!.Value, slot.Input.Number);
                sold.Add(serial);
            }
        }

        foreach (var slot in visit)
        {
            if (IsRefund(slot) && slot.Result is { IsPriced: true })
            {
                Refunded(slot.Line.OriginalSerialNumber!.Trim(), slot.Line.Quantity);  // mirrored within its visit
            }
            else if (slot.Pending is not null && slot.Result is null)
            {
                Wait(slot);
            }
        }

        foreach (var serial in sold)
        {
            if (_serials.GetValueOrDefault(Hash(serial)) < 2 && _waiting.Remove(serial, out var refunds))
            {
                refunds.ForEach(r => Mirror(r, serial));
            }
        }
    }

    private static bool IsRefund(Slot slot) => slot.Errors is null && slot.Line.Quantity < 0m && !string.IsNullOrWhiteSpace(slot.Line.OriginalSerialNumber);

    /// <summary>Mirrors a refund now when its sale is priced, waits when the file may still hold it, else leaves it unmatched.</summary>
    private void Wait(Slot refund)
    {
        var serial = refund.Line.OriginalSerialNumber!.Trim();
        var count = _serials.GetValueOrDefault(Hash(serial));
        if (count == 1 && _sales.ContainsKey(serial))
        {
            Mirror(refund, serial);
        }
        else if (count > 0)
        {
            // Not priced yet, or given to more than one line (which one is decided at the end, never guessed).
            (_waiting.TryGetValue(serial, out var list) ? list : _waiting[serial] = []).Add(refund);
        }
        else
        {
            refund.Done(refund.Pending!.Value);
        }
    }

    private void Mirror(Slot refund, string serial)
    {
        var line = refund.Line;
        if (!_sales.TryGetValue(serial, out var sale))
        {
            refund.Done(refund.Pending!.Value);
            return;
        }

        if (sale.Twice)
        {
            refund.Done(Error(line, PricingErrorCode.RefundNotASale, FieldNames.OriginalSerialNumber, string.Create(CultureInfo.InvariantCulture,
                $"init_feedetl_sn '{InputLine.Shorten(serial)}' names more than one line (feedetl_sn given twice, first at line {sale.Number}); which sale it reverses is not guessed.")));
            return;
        }

        var sold = sale.Result.Line;
        var refunded = sale.Refunded;
        if (sale.Result.IsPriced && refunded > 0m && -line.Quantity > sold.Quantity - refunded && sold.Quantity > 0m)
        {
            refund.Done(Error(line, PricingErrorCode.RefundExceedsSale, FieldNames.Quantity, string.Create(CultureInfo.InvariantCulture,
                $"cnt {line.Quantity} refunds more than its sale (line {sale.Number}, init_feedetl_sn '{InputLine.Shorten(serial)}') sold: cnt {sold.Quantity}, of which earlier refunds reversed {refunded}.")));
            return;
        }

        var result = pricer.PriceRefund(line, sale.Result);
        refund.Done(result);
        if (result.IsPriced)
        {
            Refunded(serial, line.Quantity);
        }
    }

    private void Refunded(string serial, decimal quantity)
    {
        if (_sales.TryGetValue(serial, out var sale))
        {
            _sales[serial] = sale with { Refunded = sale.Refunded - quantity };
        }
    }

    private static PricingResult Error(in ChargeLine line, PricingErrorCode code, string field, string message) =>
        new() { Line = line, Errors = [new PricingError(code, field, message)] };

    private static PricingResult TooLarge(InputLine input, int count) => new()
    {
        Errors =
        [
            new PricingError(PricingErrorCode.VisitTooLarge, FieldNames.VisitId, string.Create(CultureInfo.InvariantCulture,
                $"Visit mdtrt_id '{input.Raw.VisitId}' has {count} lines; a visit holds at most {ConsumablePricer.MaxVisitLines} lines, so none of its lines is priced.")),
        ],
    };

    /// <summary>A priced line named by refunds: its result, its line number, whether its serial was given twice, and how much was refunded of it.</summary>
    private sealed record Sale(PricingResult Result, int Number, bool Twice = false, decimal Refunded = 0m);

    /// <summary>One input line on its way out: read, then priced.</summary>
    private sealed class Slot(InputLine input)
    {
        internal ChargeLine Line;

        internal InputLine Input { get; } = input;

        internal IReadOnlyList<PricingError>? Errors { get; set; }

        /// <summary>Gets or sets the result of a refund priced on its own date while its sale is looked for.</summary>
        internal PricingResult? Pending { get; set; }

        internal PricingResult? Result { get; private set; }

        internal void Done(PricingResult result) => Result = result;
    }
}
