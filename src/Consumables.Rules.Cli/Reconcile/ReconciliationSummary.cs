using System.Globalization;

namespace Consumables.Rules.Cli.Reconcile;

/// <summary>Running totals of a reconciliation: lines by status, the amounts on each side, and the differences by cause.</summary>
internal sealed class ReconciliationSummary
{
    /// <summary>The amount fields summed on each side, in the interface's order.</summary>
    internal static readonly string[] AmountFields =
        [FieldNames.Total, FieldNames.FullySelfPaid, FieldNames.OverLimit, FieldNames.PreSelfPay, FieldNames.InPolicyScope];

    private readonly SortedDictionary<DifferenceCause, CauseTotals> _byCause = [];

    internal long Lines { get; private set; }

    internal long Agree { get; private set; }

    internal long Differ { get; private set; }

    internal long Errors { get; private set; }

    /// <summary>Gets the rules' amounts summed over the lines reconciled, by <see cref="AmountFields"/>.</summary>
    internal decimal[] Ours { get; } = new decimal[AmountFields.Length];

    /// <summary>Gets the platform's amounts summed over the lines reconciled, by <see cref="AmountFields"/>.</summary>
    internal decimal[] Platform { get; } = new decimal[AmountFields.Length];

    /// <summary>Gets the differences by cause, in the causes' order.</summary>
    internal IReadOnlyDictionary<DifferenceCause, CauseTotals> ByCause => _byCause;

    internal void Add(LineReconciliation line)
    {
        Lines++;
        switch (line.Status)
        {
            case ReconciliationStatus.Agrees: Agree++; break;
            case ReconciliationStatus.Differs: Differ++; break;
            default: Errors++; return;
        }

        foreach (var field in line.Fields)
        {
            var i = Array.IndexOf(AmountFields, field.Field);
            if (i < 0)
            {
                continue;
            }

            Platform[i] += Value(field.Platform);
            if (field.Ours.Length > 0)
            {
                Ours[i] += Value(field.Ours);
            }
        }

        foreach (var cause in line.Differences.Select(static f => f.Cause!.Value).Distinct())
        {
            if (!_byCause.TryGetValue(cause, out var totals))
            {
                _byCause[cause] = totals = new CauseTotals();
            }

            totals.Lines++;
            totals.Differences += line.Differences.Count(f => f.Cause == cause);
            totals.Amount += Amount(line, cause);
        }
    }

    /// <summary>
    /// The money a cause moves on one line: the largest difference among the amount fields of that cause (a ratio that
    /// moves 60.00 from in-policy-scope to pre-self-pay moves 60.00, not 120.00); when the rules did not price the line,
    /// the platform's amount.
    /// </summary>
    internal static decimal Amount(LineReconciliation line, DifferenceCause cause) =>
        line.Differences
            .Where(f => f.Cause == cause && Array.IndexOf(AmountFields, f.Field) >= 0)
            .Select(static f => Math.Abs(f.Difference ?? Value(f.Platform)))
            .DefaultIfEmpty(0m)
            .Max();

    /// <summary>Reads a value as formatted in a comparison (exact at the field's scale).</summary>
    private static decimal Value(string text) => decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>The names of the rules that fired for a line, in the order considered.</summary>
    internal static IEnumerable<string> FiredRules(LineReconciliation line) =>
        line.Trace?.Entries.Where(static e => e.Fired).Select(static e => e.Rule) ?? [];

    /// <summary>The totals of one cause.</summary>
    internal sealed class CauseTotals
    {
        internal long Lines { get; set; }

        internal long Differences { get; set; }

        internal decimal Amount { get; set; }
    }
}
