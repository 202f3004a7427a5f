using System.Globalization;
using System.Text;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Policy;
using CsvHelper;

namespace Consumables.Rules.Cli.Output;

/// <summary>
/// Writes the JSON output's columns as CSV (UTF-8 with BOM, so Excel reads Chinese text). A cell that a spreadsheet
/// would run as a formula (starting with <c>=</c>, <c>+</c>, <c>@</c>, or <c>-</c> followed by a letter) is neutralised with a leading quote.
/// </summary>
/// <remarks>With <c>explain</c>, a last column <c>trace</c> holds the rules that fired, compactly (<see cref="TraceText.Compact"/>).</remarks>
internal sealed class CsvResultWriter(Stream output, bool explain = false) : IResultWriter
{
    private readonly CsvWriter _csv = new(new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16), CultureInfo.InvariantCulture);

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
            _csv.WriteField(Neutralise(input.Fields.FirstOrDefault(f => f.Key == name).Value));
        }

        foreach (var value in ResultFields.Values(result))
        {
            _csv.WriteField(Neutralise(value));
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

    /// <summary>Prefixes a quote to a cell a spreadsheet would evaluate; numbers such as <c>-12.50</c> stay as they are.</summary>
    internal static string? Neutralise(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return cell;
        }

        var dangerous = cell[0] is '=' or '+' or '@' or '\t' or '\r'
            || (cell[0] == '-' && cell.Length > 1 && !char.IsAsciiDigit(cell[1]) && cell[1] != '.');
        return dangerous ? "'" + cell : cell;
    }
}
