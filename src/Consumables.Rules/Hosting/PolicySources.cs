using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Consumables.Rules.Policy;
using Microsoft.Extensions.Logging;

namespace Consumables.Rules;

/// <summary>Loads the policy sources an options instance names into a timeline, once per options instance.</summary>
/// <remarks>
/// The options validator loads the policies to report every problem at start; the pricer built from the same options
/// instance reuses that timeline, so a large catalogue is read once.
/// </remarks>
internal static class PolicySources
{
    private static readonly ConditionalWeakTable<ConsumablesRulesOptions, PolicyTimeline> Loaded = new();

    internal static PolicyTimeline Load(ConsumablesRulesOptions options, bool reuse = true)
    {
        if (reuse && Loaded.TryGetValue(options, out var loaded))
        {
            return loaded;
        }

        var problems = new List<PolicyProblem>();
        var timeline = TryLoad(options, problems);
        if (timeline is null)
        {
            throw new PolicyLoadException(problems);
        }

        return timeline;
    }

    /// <summary>Loads every source, collecting every problem (a file's problems are prefixed with its name); null when any. A timeline loaded is remembered for this options instance.</summary>
    internal static PolicyTimeline? TryLoad(ConsumablesRulesOptions options, List<PolicyProblem> problems, ILogger? logger = null)
    {
        var versions = new List<PolicyVersion>();
        foreach (var path in options.PolicyFiles)
        {
            if (!File.Exists(path))
            {
                problems.Add(new PolicyProblem(path, $"The policy file '{path}' does not exist."));
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            using var stream = File.OpenRead(path);
            Collect(PolicyVersion.Load(stream), path, versions, problems, logger, started);
        }

        for (var i = 0; i < options.PolicyStreams.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var stream = options.PolicyStreams[i]();
            Collect(PolicyVersion.Load(stream), $"PolicyStreams[{i}]", versions, problems, logger, started);
        }

        if (versions.Count == 0 && problems.Count == 0)
        {
            versions.Add(PolicyVersion.Default);
            LogLoaded(logger, PolicyVersion.Default, "the embedded default", Stopwatch.GetTimestamp());
        }

        if (problems.Count > 0)
        {
            return null;
        }

        try
        {
            var timeline = PolicyTimeline.Create(versions);
            Loaded.AddOrUpdate(options, timeline);
            return timeline;
        }
        catch (PolicyLoadException ex)
        {
            problems.AddRange(ex.Problems);
            return null;
        }
    }

    private static void Collect(PolicyLoadResult result, string source, List<PolicyVersion> versions, List<PolicyProblem> problems, ILogger? logger, long started)
    {
        if (result.IsValid)
        {
            versions.Add(result.Policy!);
            LogLoaded(logger, result.Policy!, source, started);
            return;
        }

        foreach (var problem in result.Problems)
        {
            problems.Add(new PolicyProblem($"{source}: {problem.Path}", problem.Message));
        }
    }

    private static void LogLoaded(ILogger? logger, PolicyVersion policy, string source, long started)
    {
        if (logger is not null && logger.IsEnabled(LogLevel.Information))
        {
            Log.PolicyLoaded(logger, policy.Id, source, policy.Catalogue.Count, policy.Products.Count,
                policy.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
