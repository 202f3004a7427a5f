using Consumables.Rules.Cli.Input;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Output;

/// <summary>Writes priced lines as they come, so a large input is never held whole.</summary>
internal interface IResultWriter : IDisposable
{
    void Begin(IReadOnlyList<PolicyVersion> policies);

    void Write(InputLine input, in PricingResult result, IReadOnlyList<PricingError> errors);

    void End(Totals totals);
}
