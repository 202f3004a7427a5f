using Consumables.Rules.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consumables.Rules;

/// <summary>
/// Validates <see cref="ConsumablesRulesOptions"/>: loads every policy source and reports every problem at once. It sees
/// every options instance the host builds (at start and on each change), so it also points the file watcher at the
/// files the current options name, and logs and records a refusal.
/// </summary>
internal sealed class ConsumablesRulesOptionsValidator(ILogger logger, PolicyReloadStatus status, PolicyFileChangeTokenSource watcher)
    : IValidateOptions<ConsumablesRulesOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsumablesRulesOptions options)
    {
        watcher.Watch(options.PolicyFiles);
        var problems = new List<PolicyProblem>();
        if (!Enum.IsDefined(options.NotListed))
        {
            problems.Add(new PolicyProblem(nameof(options.NotListed), $"'{options.NotListed}' is not a NotListedTreatment."));
        }

        if (!Enum.IsDefined(options.Engine))
        {
            problems.Add(new PolicyProblem(nameof(options.Engine), $"'{options.Engine}' is not a PricingEngine."));
        }
        else if (options.Engine == PricingEngine.NRules && options.NRulesEngine is null)
        {
            problems.Add(new PolicyProblem(nameof(options.Engine), ConsumablePricer.NRulesNotRegistered));
        }

        if (options.MaxUserRuleFirings < 1)
        {
            problems.Add(new PolicyProblem(nameof(options.MaxUserRuleFirings), $"{options.MaxUserRuleFirings} is not a limit; users' rules need at least 1 firing a visit."));
        }

        foreach (var path in options.MappingTableFiles)
        {
            try
            {
                HospitalCodeMap.LoadFile(path);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                problems.Add(new PolicyProblem(nameof(options.MappingTableFiles), ex.Message));
            }
        }

        var loaded = PolicySources.TryLoad(options, problems, logger);
        if (problems.Count == 0 && loaded is not null)
        {
            return ValidateOptionsResult.Success;
        }

        Refused(logger, status, problems);
        return ValidateOptionsResult.Fail(problems.Select(static p => $"{p.Path}: {p.Message}"));
    }

    /// <summary>Logs a refused load or reload with every problem and records it; the policies in use stay.</summary>
    internal static void Refused(ILogger logger, PolicyReloadStatus status, IReadOnlyList<PolicyProblem> problems)
    {
        Log.ReloadRefused(logger, problems.Count, Ids(status.Last?.PolicyIds ?? []), string.Join("; ", problems.Select(static p => $"{p.Path}: {p.Message}")));
        status.Refused(problems);
    }

    internal static string Ids(IReadOnlyList<string> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);
}
