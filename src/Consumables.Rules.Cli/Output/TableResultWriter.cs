using System.Globalization;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Output;

/// <summary>
/// Writes one row per line with the four parts, then the totals, streaming in bounded memory. On a terminal the rows
/// are laid out to its width (<see cref="TerminalTable"/>), with errors and, with <c>explain</c>, the rules that fired
/// under each row; otherwise plain, tab-separated text is written, with a last <c>trace</c> column when explaining.
/// </summary>
internal sealed class TableResultWriter(TextWriter output, bool terminal, int width = 80, bool explain = false) : IResultWriter
{
    private static readonly string[] Columns = ["line", "feedetl_sn", "med_list_codg", "total", "self-paid", "over-limit", "pre-self-pay", "in-scope", "basis", "errors"];

    private readonly TerminalTable? _table = terminal ? new TerminalTable(output, width) : null;
    private IReadOnlyList<PolicyVersion> _policies = [];

    public void Begin(IReadOnlyList<PolicyVersion> policies)
    {
        _policies = policies;
        if (_table is null)
        {
            output.WriteLine(string.Join('\t', explain ? [.. Columns, "trace"] : Columns));
        }
    }

    public void Write(InputLine input, in PricingResult result, IReadOnlyList<PricingError> errors)
    {
        string[] row =
        [
            input.Number.ToString(CultureInfo.InvariantCulture),
            input.Raw.SerialNumber ?? string.Empty,
            input.Raw.Code ?? string.Empty,
            result.IsPriced ? ResultFields.Amount(result.Total) : string.Empty,
            result.IsPriced ? ResultFields.Amount(result.FullySelfPaid) : string.Empty,
            result.IsPriced ? ResultFields.Amount(result.OverLimit) : string.Empty,
            result.IsPriced ? ResultFields.Amount(result.PreSelfPay) : string.Empty,
            result.IsPriced ? ResultFields.Amount(result.InPolicyScope) : string.Empty,
            result.IsContext ? ResultFields.ContextBasis : ResultFields.BasisName(result.PriceBasis),
        ];
        if (_table is not null)
        {
            var notes = errors.Select(static e => EscapeCell($"✗ {e.CodeName}: {e.Message}")).ToList();
            if (explain && result.Trace is { } trace)
            {
                notes.AddRange(trace.Entries.Where(static e => e.Fired).Select(static e => "· " + TraceText.Entry(e)));
            }

            _table.Add([.. row.Select(EscapeCell)], notes);
            return;
        }

        var errorText = string.Join("; ", errors.Select(static e => $"{e.CodeName}: {e.Message}"));
        string[] cells = explain ? [.. row, errorText, TraceText.Compact(result.Trace)] : [.. row, errorText];
        output.WriteLine(string.Join('\t', cells.Select(EscapeCell)));
    }

    public void End(Totals totals)
    {
        var policies = EscapeCell("policies: " + string.Join(", ", _policies.Select(ResultFields.PolicySummary)));
        if (_table is not null)
        {
            _table.End(
                [
                    (FieldNames.Total, ResultFields.Amount(totals.Total)),
                    (FieldNames.FullySelfPaid, ResultFields.Amount(totals.FullySelfPaid)),
                    (FieldNames.OverLimit, ResultFields.Amount(totals.OverLimit)),
                    (FieldNames.PreSelfPay, ResultFields.Amount(totals.PreSelfPay)),
                    (FieldNames.InPolicyScope, ResultFields.Amount(totals.InPolicyScope)),
                ],
                string.Create(CultureInfo.InvariantCulture, $"total of {totals.Lines:N0} lines: {totals.Priced:N0} priced, {totals.Failed:N0} failed"),
                policies);
            return;
        }

        string[] sums =
        [
            "total", string.Empty, string.Create(CultureInfo.InvariantCulture, $"{totals.Priced} priced, {totals.Failed} failed"),
            ResultFields.Amount(totals.Total), ResultFields.Amount(totals.FullySelfPaid), ResultFields.Amount(totals.OverLimit),
            ResultFields.Amount(totals.PreSelfPay), ResultFields.Amount(totals.InPolicyScope), string.Empty, string.Empty,
        ];
        output.WriteLine(string.Join('\t', sums));
        output.WriteLine(policies);
        output.Flush();
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// Escapes a cell of the tab-separated text so that one field can never forge a column or a row: backslash, tab,
    /// carriage return and line feed become <c>\\</c>, <c>\t</c>, <c>\r</c> and <c>\n</c>.
    /// </summary>
    internal static string EscapeCell(string cell) =>
        cell.AsSpan().IndexOfAny("\\\t\r\n") < 0 ? cell
            : cell.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
                .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
