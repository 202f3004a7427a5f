using Consumables.Rules.Cli.Input;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Reconcile;

/// <summary>Writes reconciled lines as they come, then the totals and the summary by cause.</summary>
internal interface IReconciliationWriter : IDisposable
{
    void Begin(IReadOnlyList<PolicyVersion> policies);

    void Write(InputLine input, LineReconciliation line);

    void End(ReconciliationSummary summary);
}
