using System.Globalization;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Output;

/// <summary>
/// Writes one row per line with the four parts, then the totals, streaming in bounded memory. On a terminal the rows
/// are laid out to its width (<see cref="TerminalTable"/>), with errors and, with <c>explain</c>, the rules that fired
/// under each row; otherwise plain, tab-separated text is written, with a last <c>trace</c> column when explaining.
/// </summary>
internal sealed class TableResultWriter(TextWriter output, bool terminal, int width = 80, bool explain = false, Labels? labels = null) : IResultWriter
{
    private static readonly string[] Columns = ["line", "feedetl_sn", "med_list_codg", "total", "self-paid", "over-limit", "pre-self-pay", "in-scope", "basis", "errors"];

    // The platform's field behind each amount column: a Chinese header carries it beside the label.
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["total"] = FieldNames.Total, ["self-paid"] = FieldNames.FullySelfPaid, ["over-limit"] = FieldNames.OverLimit,
        ["pre-self-pay"] = FieldNames.PreSelfPay, ["in-scope"] = FieldNames.InPolicyScope,
    };

    private readonly Labels _labels = labels ?? Labels.English;
    private readonly TerminalTable? _table = terminal ? new TerminalTable(output, width, labels) : null;
    private IReadOnlyList<PolicyVersion> _policies = [];

    public void Begin(IReadOnlyList<PolicyVersion> policies)
    {
        _policies = policies;
        if (_table is null)
        {
            var headers = Columns.Select(Header).ToArray();
            output.WriteLine(string.Join('\t', explain ? [.. headers, "trace"] : headers));
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
        var policies = EscapeCell(_labels.Format("table.policies", string.Join(", ", _policies.Select(ResultFields.PolicySummary))));
        if (_table is not null)
        {
            _table.End(
                [
                    (_labels.Field(FieldNames.Total), ResultFields.Amount(totals.Total)),
                    (_labels.Field(FieldNames.FullySelfPaid), ResultFields.Amount(totals.FullySelfPaid)),
                    (_labels.Field(FieldNames.OverLimit), ResultFields.Amount(totals.OverLimit)),
                    (_labels.Field(FieldNames.PreSelfPay), ResultFields.Amount(totals.PreSelfPay)),
                    (_labels.Field(FieldNames.InPolicyScope), ResultFields.Amount(totals.InPolicyScope)),
                ],
                _labels.Format("table.summary", totals.Lines.ToString("N0", CultureInfo.InvariantCulture), totals.Priced.ToString("N0", CultureInfo.InvariantCulture), totals.Failed.ToString("N0", CultureInfo.InvariantCulture)),
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

    /// <summary>A header of the plain table: the English name, or in Chinese the label beside the platform's field (<c>先行自付 preselfpay_amt</c>).</summary>
    private string Header(string column) => !_labels.IsChinese || column is "feedetl_sn" or "med_list_codg" ? column
        : Fields.TryGetValue(column, out var field) ? _labels.Field(field)
        : _labels["col." + column];

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
