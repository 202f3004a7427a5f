using System.Globalization;
using System.Text;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Cli.Output;
using Consumables.Rules.Policy;
using CsvHelper;

namespace Consumables.Rules.Cli.Reconcile;

/// <summary>
/// Writes one row per field compared (a row with an empty field for a line that returned nothing comparable, one row per
/// error), then one summary row per cause (<c>line</c> is <c>summary</c>, <c>difference</c> the amount, <c>explanation</c> the counts). UTF-8 with BOM; cells a spreadsheet would run
/// as formulas are neutralised as in <c>price</c>.
/// </summary>
internal sealed class CsvReconciliationWriter(Stream output) : IReconciliationWriter
{
    private readonly CsvWriter _csv = new(new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true), CultureInfo.InvariantCulture);

    public void Begin(IReadOnlyList<PolicyVersion> policies)
    {
        foreach (var name in (string[])["line", FieldNames.SerialNumber, FieldNames.Code, "status", "field", "ours", "platform", "difference", "cause", "explanation", "rules"])
        {
            _csv.WriteField(name);
        }

        _csv.NextRecord();
    }

    public void Write(InputLine input, LineReconciliation line)
    {
        var rules = string.Join("; ", ReconciliationSummary.FiredRules(line));
        if (line.Status == ReconciliationStatus.Error)
        {
            foreach (var error in line.Errors)
            {
                Row(input, line, error.Field, string.Empty, string.Empty, string.Empty, error.CodeName, error.Message, rules);
            }

            return;
        }

        foreach (var field in line.Fields)
        {
            Row(input, line, field.Field, field.Ours, field.Platform, field.Difference?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, field.CauseName, field.Explanation, field.Agrees ? string.Empty : rules);
        }
    }

    public void End(ReconciliationSummary summary)
    {
        foreach (var (cause, totals) in summary.ByCause)
        {
            foreach (var cell in (string[])["summary", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
                ResultFields.Amount(totals.Amount), FieldComparison.NameOf(cause),
                string.Create(CultureInfo.InvariantCulture, $"{totals.Lines} lines, {totals.Differences} differences"), string.Empty])
            {
                _csv.WriteField(cell);
            }

            _csv.NextRecord();
        }

        _csv.Flush();
    }

    public void Dispose() => _csv.Dispose();

    private void Row(InputLine input, LineReconciliation line, string field, string ours, string platform, string difference, string cause, string explanation, string rules)
    {
        foreach (var cell in (string[])[input.Number.ToString(CultureInfo.InvariantCulture), ReconcileCommand.Serial(input), ReconcileCommand.Code(input),
            line.StatusName, field, ours, platform, difference, cause, explanation, rules])
        {
            _csv.WriteField(CsvResultWriter.Neutralise(cell));
        }

        _csv.NextRecord();
    }
}
