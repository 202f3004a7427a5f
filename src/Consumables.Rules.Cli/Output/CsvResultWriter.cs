using System.Buffers;
using System.Globalization;
using System.Text;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Output;

/// <summary>
/// Writes the JSON output's columns as CSV (UTF-8 with BOM, so Excel reads Chinese text), safe to open in a spreadsheet
/// after OWASP's CSV-injection guidance: a text cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
/// carriage return (or the full-width <c>＝ ＋ － ＠</c>) gets a leading <c>'</c>, and cells holding the separator, a quote
/// or a line break are quoted with inner quotes doubled. The numeric columns stay numbers: the amounts the tool computes,
/// and <c>cnt</c>/<c>pric</c> when they are plain numbers (a refund's <c>-2</c>).
/// </summary>
/// <remarks>
/// <para>With <c>explain</c>, a last column <c>trace</c> holds the rules that fired, compactly (<see cref="TraceText.Compact"/>).</para>
/// <para>
/// Written straight into the output's buffer, cell by cell: numbers are formatted into the buffer, the input fields are
/// found by position (worked out once per header), and nothing is allocated for a priced line. Quoting follows RFC 4180
/// as spreadsheets read it: a cell holding the separator, a quote or a line break, or beginning or ending with a space, is
/// quoted; records end with CRLF.
/// </para>
/// </remarks>
internal sealed class CsvResultWriter(Stream output, bool explain = false) : IResultWriter
{
    private readonly StreamWriter _out = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
    private readonly int[] _positions = new int[ResultFields.InputNames.Length];
    private readonly string?[] _layout = new string?[32];
    private int _layoutCount = -1;
    private bool _rowStarted;

    public void Begin(IReadOnlyList<PolicyVersion> policies)
    {
        Cell("line", neutralise: false);
        foreach (var name in ResultFields.InputNames.Concat(ResultFields.OutputNames))
        {
            Cell(name, neutralise: false);
        }

        Cell("warnings", neutralise: false);
        Cell("errors", neutralise: false);
        if (explain)
        {
            Cell("trace", neutralise: false);
        }

        EndRecord();
    }

    public void Write(InputLine input, in PricingResult result, IReadOnlyList<PricingError> errors)
    {
        Number(input.Number);
        var fields = input.Fields;
        var positions = Positions(fields);
        for (var i = 0; i < positions.Length; i++)
        {
            var value = positions[i] < 0 ? null : fields[positions[i]].Value;
            Cell(value, neutralise: true);
        }

        if (result.IsPriced)
        {
            // The amounts, limit and ratio are the tool's own numbers; the rest is text.
            Number(result.Total, "F2");
            Number(result.EffectiveLimit, "F6");
            Number(result.SelfPayRatio, "F4");
            Number(result.FullySelfPaid, "F2");
            Number(result.OverLimit, "F2");
            Number(result.PreSelfPay, "F2");
            Number(result.InPolicyScope, "F2");
            Cell(result.ChargeItemLevel, neutralise: true);
            Cell(result.ChargeItemType, neutralise: true);
            Cell(result.IsRestricted ? "1" : "0", neutralise: false);
            Code(result.PricedCode);
            Cell(result.PolicyId, neutralise: true);
            Cell(ResultFields.BasisName(result.PriceBasis), neutralise: false);
            if (result.GenericNameCode is { } generic)
            {
                Code(generic);
            }
            else
            {
                Cell(null, neutralise: false);
            }

            Cell(result.GenericName, neutralise: true);
        }
        else
        {
            var values = ResultFields.Values(result);
            for (var i = 0; i < values.Length; i++)
            {
                Cell(values[i], neutralise: i >= 7);
            }
        }

        if (result.Warnings == 0)
        {
            Cell(null, neutralise: false);
        }
        else
        {
            Cell(string.Join("; ", ResultFields.Warnings(result.Warnings, result.Entry).Select(static w => w.Code)), neutralise: false);
        }

        Cell(errors.Count == 0 ? null : string.Join("; ", errors.Select(static e => $"{e.CodeName} ({e.Field}): {e.Message}")), neutralise: true);
        if (explain)
        {
            Cell(TraceText.Compact(result.Trace), neutralise: true);
        }

        EndRecord();
    }

    public void End(Totals totals) => _out.Flush();

    public void Dispose() => _out.Dispose();

    /// <summary>Where each input column is among the line's fields (-1: absent); worked out again only when the field names change.</summary>
    private int[] Positions(IReadOnlyList<KeyValuePair<string, string?>> fields)
    {
        if (!SameLayout(fields))
        {
            for (var i = 0; i < _positions.Length; i++)
            {
                _positions[i] = -1;
                for (var f = 0; f < fields.Count; f++)
                {
                    if (fields[f].Key == ResultFields.InputNames[i])
                    {
                        _positions[i] = f;
                        break;
                    }
                }
            }

            _layoutCount = fields.Count <= _layout.Length ? fields.Count : -1;
            for (var f = 0; f < fields.Count && f < _layout.Length; f++)
            {
                _layout[f] = fields[f].Key;
            }
        }

        return _positions;
    }

    /// <summary>Whether the fields are named as the last line's were, in the same order (every line of a CSV file; most of a JSON file).</summary>
    private bool SameLayout(IReadOnlyList<KeyValuePair<string, string?>> fields)
    {
        if (fields.Count != _layoutCount)
        {
            return false;
        }

        for (var f = 0; f < fields.Count; f++)
        {
            if (!string.Equals(fields[f].Key, _layout[f], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private void Separator()
    {
        if (_rowStarted)
        {
            _out.Write(',');
        }

        _rowStarted = true;
    }

    private void EndRecord()
    {
        _out.Write("\r\n");
        _rowStarted = false;
    }

    private void Number(int value)
    {
        Separator();
        Span<char> digits = stackalloc char[16];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        _out.Write(digits[..written]);
    }

    private void Number(decimal value, string format)
    {
        Separator();
        Span<char> digits = stackalloc char[48];
        value.TryFormat(digits, out var written, format, CultureInfo.InvariantCulture);
        _out.Write(digits[..written]);
    }

    private void Code<T>(T code)
        where T : ISpanFormattable
    {
        Separator();
        Span<char> text = stackalloc char[32];
        code.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        _out.Write(text[..written]);
    }

    /// <summary>Writes a text cell: the formula guard's quote first when <paramref name="neutralise"/> and it needs one, quoted when it must be.</summary>
    private void Cell(string? value, bool neutralise)
    {
        Separator();
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var guard = neutralise && NeedsGuard(value);
        var quote = value.AsSpan().IndexOfAny(QuotedChars) >= 0 || (!guard && value[0] == ' ') || value[^1] == ' ';
        if (!quote)
        {
            if (guard)
            {
                _out.Write('\'');
            }

            _out.Write(value);
            return;
        }

        _out.Write('"');
        if (guard)
        {
            _out.Write('\'');
        }

        var rest = value.AsSpan();
        for (var at = rest.IndexOf('"'); at >= 0; at = rest.IndexOf('"'))
        {
            _out.Write(rest[..(at + 1)]);
            _out.Write('"');
            rest = rest[(at + 1)..];
        }

        _out.Write(rest);
        _out.Write('"');
    }

    private static readonly SearchValues<char> QuotedChars = SearchValues.Create(",\"\r\n");

    /// <summary>Whether a non-empty cell needs the formula guard: it starts like a formula and is not a plain number (a refund's <c>-590.00</c> stays a number).</summary>
    private static bool NeedsGuard(string cell) =>
        cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠' && !IsPlainNumber(cell);

    /// <summary>
    /// Prefixes a quote to a text cell a spreadsheet would evaluate as a formula (OWASP CSV injection); a plain number,
    /// negative ones included (<c>-590.00</c>), is left a number, so a spreadsheet's SUM counts refunds.
    /// </summary>
    internal static string? Neutralise(string? cell) =>
        string.IsNullOrEmpty(cell) || !NeedsGuard(cell) ? cell : "'" + cell;

    /// <summary>Tells whether a cell is a plain decimal number (an optional minus, digits, an optional point and digits), which a spreadsheet reads as a number and never as a formula.</summary>
    internal static bool IsPlainNumber(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return false;
        }

        var text = cell.AsSpan(cell[0] == '-' ? 1 : 0);
        var point = text.IndexOf('.');
        return text.ContainsAnyInRange('0', '9')
            && (point < 0 ? !text.ContainsAnyExceptInRange('0', '9') : !text[..point].ContainsAnyExceptInRange('0', '9') && !text[(point + 1)..].ContainsAnyExceptInRange('0', '9'));
    }
}
