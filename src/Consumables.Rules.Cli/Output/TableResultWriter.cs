using System.Globalization;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Policy;
using Spectre.Console;

namespace Consumables.Rules.Cli.Output;

/// <summary>
/// Writes one row per line with the four parts, then the totals. On a terminal the rows are gathered into a drawn table;
/// otherwise plain, tab-separated text is streamed.
/// </summary>
internal sealed class TableResultWriter(TextWriter output, bool terminal) : IResultWriter
{
    private static readonly string[] Columns = ["line", "feedetl_sn", "med_list_codg", "total", "self-paid", "over-limit", "pre-self-pay", "in-scope", "basis", "errors"];

    private readonly List<string[]> _rows = [];
    private IReadOnlyList<PolicyVersion> _policies = [];

    public void Begin(IReadOnlyList<PolicyVersion> policies)
    {
        _policies = policies;
        if (!terminal)
        {
            output.WriteLine(string.Join('\t', Columns));
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
            ResultFields.BasisName(result.PriceBasis),
            string.Join("; ", errors.Select(static e => $"{e.CodeName}: {e.Message}")),
        ];
        if (terminal)
        {
            _rows.Add(row);
        }
        else
        {
            output.WriteLine(string.Join('\t', row.Select(EscapeCell)));
        }
    }

    public void End(Totals totals)
    {
        string[] sums =
        [
            "total", string.Empty, string.Create(CultureInfo.InvariantCulture, $"{totals.Priced} priced, {totals.Failed} failed"),
            ResultFields.Amount(totals.Total), ResultFields.Amount(totals.FullySelfPaid), ResultFields.Amount(totals.OverLimit),
            ResultFields.Amount(totals.PreSelfPay), ResultFields.Amount(totals.InPolicyScope), string.Empty, string.Empty,
        ];
        if (!terminal)
        {
            output.WriteLine(string.Join('\t', sums));
            output.WriteLine(EscapeCell("policies: " + string.Join(", ", _policies.Select(ResultFields.PolicySummary))));
            output.Flush();
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var table = new Table().Border(TableBorder.Rounded).Caption("policies: " + Markup.Escape(string.Join(", ", _policies.Select(ResultFields.PolicySummary))));
        foreach (var column in Columns)
        {
            var tableColumn = new TableColumn(column);
            if (column is "total" or "self-paid" or "over-limit" or "pre-self-pay" or "in-scope")
            {
                tableColumn.RightAligned();
            }

            table.AddColumn(tableColumn);
        }

        foreach (var row in _rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        table.AddEmptyRow();
        table.AddRow(sums.Select(s => $"[bold]{Markup.Escape(s)}[/]").ToArray());
        console.Write(table);
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
