using Consumables.Rules.Policy;
using Microsoft.Extensions.Options;

namespace Consumables.Rules;

/// <summary>Validates <see cref="ConsumablesRulesOptions"/>: loads every policy source and reports every problem at once.</summary>
internal sealed class ConsumablesRulesOptionsValidator : IValidateOptions<ConsumablesRulesOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsumablesRulesOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.NotListed))
        {
            failures.Add($"NotListed: '{options.NotListed}' is not a NotListedTreatment.");
        }

        if (!Enum.IsDefined(options.Engine))
        {
            failures.Add($"Engine: '{options.Engine}' is not a PricingEngine.");
        }
        else if (options.Engine == PricingEngine.NRules && options.NRulesEngine is null)
        {
            failures.Add(ConsumablePricer.NRulesNotRegistered);
        }

        var problems = new List<PolicyProblem>();
        if (PolicySources.TryLoad(options, problems) is null)
        {
            failures.AddRange(problems.Select(static p => $"{p.Path}: {p.Message}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
