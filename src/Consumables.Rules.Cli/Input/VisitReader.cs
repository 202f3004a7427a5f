using System.Globalization;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Input;

/// <summary>
/// Groups consecutive input lines of one visit (the same <c>mdtrt_id</c>; a line without one is its own visit) and
/// prices each visit together, yielding every line with its result in input order. Only the current visit is held, and
/// at most <see cref="ConsumablePricer.MaxVisitLines"/> of its lines: a longer visit is an error on each of its lines,
/// so memory stays flat whatever the input.
/// </summary>
internal sealed class VisitReader(IConsumablePricer pricer, HospitalCodeMap? hospitalCodes)
{
    private readonly List<(InputLine Input, ChargeLine Line, IReadOnlyList<PricingError>? Errors)> _visit = [];
    private readonly List<ChargeLine> _typed = [];

    internal IEnumerable<(InputLine Input, PricingResult Result)> Price(IEnumerable<InputLine> lines)
    {
        string? current = null;
        string? oversized = null;
        var oversizedCount = 0;
        foreach (var input in lines)
        {
            var id = string.IsNullOrEmpty(input.Raw.VisitId) || input.ReadError is not null ? null : input.Raw.VisitId;
            if (_visit.Count > 0 && (id is null || !string.Equals(id, current, StringComparison.Ordinal)))
            {
                foreach (var priced in Flush())
                {
                    yield return priced;
                }
            }

            if (id is not null && string.Equals(id, oversized, StringComparison.Ordinal))
            {
                // The rest of a visit already beyond the limit: an error line by line, nothing held.
                yield return (input, TooLarge(input, ++oversizedCount));
                continue;
            }

            oversized = null;
            current = id;
            if (id is null)
            {
                // A line without a visit is its own visit: priced on its own, nothing held.
                var (_, line, errors) = Read(input);
                yield return (input, errors is null ? pricer.Price(line) : new PricingResult { Line = line, Errors = errors });
                continue;
            }

            _visit.Add(Read(input));
            if (_visit.Count > ConsumablePricer.MaxVisitLines)
            {
                oversized = id;
                oversizedCount = _visit.Count;
                foreach (var (held, _, _) in _visit)
                {
                    yield return (held, TooLarge(held, oversizedCount));
                }

                _visit.Clear();
            }
        }

        foreach (var priced in Flush())
        {
            yield return priced;
        }
    }

    private (InputLine, ChargeLine, IReadOnlyList<PricingError>?) Read(InputLine input)
    {
        if (input.ReadError is not null)
        {
            return (input, default, [new PricingError(PricingErrorCode.InvalidField, "line", input.ReadError)]);
        }

        return ChargeLine.TryParse(input.Raw, hospitalCodes, out var line, out var errors) ? (input, line, null) : (input, line, errors);
    }

    private List<(InputLine, PricingResult)> Flush()
    {
        _typed.Clear();
        foreach (var (_, line, errors) in _visit)
        {
            if (errors is null)
            {
                _typed.Add(line);
            }
        }

        var results = _typed.Count == 0 ? [] : pricer.PriceVisit(_typed);
        var output = new List<(InputLine, PricingResult)>(_visit.Count);
        var next = 0;
        foreach (var (input, line, errors) in _visit)
        {
            output.Add((input, errors is null ? results[next++] : new PricingResult { Line = line, Errors = errors }));
        }

        _visit.Clear();
        return output;
    }

    private static PricingResult TooLarge(InputLine input, int count) => new()
    {
        Errors =
        [
            new PricingError(PricingErrorCode.VisitTooLarge, FieldNames.VisitId, string.Create(CultureInfo.InvariantCulture,
                $"Visit mdtrt_id '{input.Raw.VisitId}' has {count} lines or more; a visit holds at most {ConsumablePricer.MaxVisitLines} lines, so none of its lines is priced.")),
        ],
    };
}
