using System.Globalization;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Cli.Output;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Reconcile;

/// <summary>
/// Writes tab-separated rows as lines come: one row per agreeing line; per differing line one row per field (ours,
/// platform, cause, explanation) and a row of the rules that fired; per error line one row per error. Then the totals
/// and the summary by cause.
/// </summary>
internal sealed class TableReconciliationWriter(TextWriter output) : IReconciliationWriter
{
    private static readonly string[] Columns = ["line", "feedetl_sn", "med_list_codg", "status", "field", "ours", "platform", "cause", "explanation"];

    private IReadOnlyList<PolicyVersion> _policies = [];

    public void Begin(IReadOnlyList<PolicyVersion> policies)
    {
        _policies = policies;
        output.WriteLine(string.Join('\t', Columns));
    }

    public void Write(InputLine input, LineReconciliation line)
    {
        var head = string.Join('\t', input.Number.ToString(CultureInfo.InvariantCulture), Clean(ReconcileCommand.Serial(input)), Clean(ReconcileCommand.Code(input)), line.StatusName);
        switch (line.Status)
        {
            case ReconciliationStatus.Agrees:
                output.WriteLine(head);
                break;
            case ReconciliationStatus.Differs:
                foreach (var field in line.Differences)
                {
                    output.WriteLine(string.Join('\t', head, field.Field, field.Ours, field.Platform, field.CauseName, Clean(field.Explanation)));
                }

                output.WriteLine(string.Join('\t', head, "rules", string.Empty, string.Empty, string.Empty, string.Join(", ", ReconciliationSummary.FiredRules(line))));
                break;
            default:
                foreach (var error in line.Errors)
                {
                    output.WriteLine(string.Join('\t', head, Clean(error.Field), string.Empty, string.Empty, error.CodeName, Clean(error.Message)));
                }

                break;
        }
    }

    public void End(ReconciliationSummary summary)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"totals\t{summary.Lines} lines: {summary.Agree} agree, {summary.Differ} differ, {summary.Errors} not reconciled"));
        output.WriteLine("amount\tours\tplatform");
        for (var i = 0; i < ReconciliationSummary.AmountFields.Length; i++)
        {
            output.WriteLine(string.Join('\t', ReconciliationSummary.AmountFields[i], ResultFields.Amount(summary.Ours[i]), ResultFields.Amount(summary.Platform[i])));
        }

        output.WriteLine();
        output.WriteLine("cause\tlines\tdifferences\tamount");
        foreach (var (cause, totals) in summary.ByCause)
        {
            output.WriteLine(string.Join('\t', FieldComparison.NameOf(cause),
                totals.Lines.ToString(inv), totals.Differences.ToString(inv), ResultFields.Amount(totals.Amount)));
        }

        output.WriteLine("policies: " + string.Join(", ", _policies.Select(ResultFields.PolicySummary)));
        output.Flush();
    }

    public void Dispose()
    {
    }

    /// <summary>Keeps a value on its row: tabs and line breaks in input text become spaces.</summary>
    private static string Clean(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');
}
