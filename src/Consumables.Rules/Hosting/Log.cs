using Microsoft.Extensions.Logging;

namespace Consumables.Rules;

/// <summary>
/// The library's log events (source-generated <see cref="LoggerMessageAttribute"/>), all under the category
/// <see cref="Category"/>. Nothing is logged per line: a line priced costs no log call and no allocation.
/// </summary>
internal static partial class Log
{
    /// <summary>The category of every event (the pricer's log name).</summary>
    internal const string Category = "Consumables.Rules";

    [LoggerMessage(EventId = 1, EventName = "PolicyLoaded", Level = LogLevel.Information,
        Message = "Policy {PolicyId} loaded from {Source}: {Entries} catalogue entries, {Products} products, in force from {EffectiveFrom}, in {ElapsedMilliseconds} ms")]
    internal static partial void PolicyLoaded(ILogger logger, string policyId, string source, int entries, int products, string effectiveFrom, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2, EventName = "ReloadApplied", Level = LogLevel.Information,
        Message = "Policies applied: pricing under {PolicyIds}")]
    internal static partial void ReloadApplied(ILogger logger, string policyIds);

    [LoggerMessage(EventId = 3, EventName = "ReloadRefused", Level = LogLevel.Error,
        Message = "Policies refused, {ProblemCount} problem(s); the policies in use stay ({PolicyIds}): {Problems}")]
    internal static partial void ReloadRefused(ILogger logger, int problemCount, string policyIds, string problems);

    [LoggerMessage(EventId = 4, EventName = "RulesCompiled", Level = LogLevel.Information,
        Message = "Rules {RuleSet} {Version} ready: {Rules} rules, {Execution}, in {ElapsedMilliseconds} ms")]
    internal static partial void RulesCompiled(ILogger logger, string ruleSet, string version, int rules, string execution, long elapsedMilliseconds);
}
