using System.Globalization;
using System.Text;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Policy;
using CsvHelper;

namespace Consumables.Rules.Cli.Output;

/// <summary>
/// Writes the JSON output's columns as CSV (UTF-8 with BOM, so Excel reads Chinese text), safe to open in a spreadsheet
/// after OWASP's CSV-injection guidance: a text cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
/// carriage return (or the full-width <c>＝ ＋ － ＠</c>) gets a leading <c>'</c>, and cells holding the separator, a quote
/// or a line break are quoted with inner quotes doubled. The numeric columns stay numbers: the amounts the tool computes,
/// and <c>cnt</c>/<c>pric</c> when they are plain numbers (a refund's <c>-2</c>).
/// </summary>
/// <remarks>With <c>explain</c>, a last column <c>trace</c> holds the rules that fired, compactly (<see cref="TraceText.Compact"/>).</remarks>
internal sealed class CsvResultWriter(Stream output, bool explain = false) : IResultWriter
{
    private readonly CsvWriter _csv = new(new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true), CultureInfo.InvariantCulture);

    public void Begin(IReadOnlyList<PolicyVersion> policies)
    {
        _csv.WriteField("line");
        foreach (var name in ResultFields.InputNames.Concat(ResultFields.OutputNames))
        {
            _csv.WriteField(name);
        }

        _csv.WriteField("warnings");
        _csv.WriteField("errors");
        if (explain)
        {
            _csv.WriteField("trace");
        }

        _csv.NextRecord();
    }

    public void Write(InputLine input, in PricingResult result, IReadOnlyList<PricingError> errors)
    {
        _csv.WriteField(input.Number.ToString(CultureInfo.InvariantCulture));
        foreach (var name in ResultFields.InputNames)
        {
            var value = input.Fields.FirstOrDefault(f => f.Key == name).Value;
            _csv.WriteField(Neutralise(value));
        }

        var values = ResultFields.Values(result);
        for (var i = 0; i < values.Length; i++)
        {
            // The amounts, limit and ratio are the tool's own numbers; the rest is text.
            _csv.WriteField(i < 7 ? values[i] : Neutralise(values[i]));
        }

        _csv.WriteField(string.Join("; ", ResultFields.Warnings(result.Warnings).Select(static w => w.Code)));
        _csv.WriteField(Neutralise(string.Join("; ", errors.Select(static e => $"{e.CodeName} ({e.Field}): {e.Message}"))));
        if (explain)
        {
            _csv.WriteField(Neutralise(TraceText.Compact(result.Trace)));
        }

        _csv.NextRecord();
    }

    public void End(Totals totals) => _csv.Flush();

    public void Dispose() => _csv.Dispose();

    /// <summary>
    /// Prefixes a quote to a text cell a spreadsheet would evaluate as a formula (OWASP CSV injection); a plain number,
    /// negative ones included (<c>-590.00</c>), is left a number, so a spreadsheet's SUM counts refunds.
    /// </summary>
    internal static string? Neutralise(string? cell) =>
        string.IsNullOrEmpty(cell) || cell[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠') || IsPlainNumber(cell)
            ? cell
            : "'" + cell;

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
