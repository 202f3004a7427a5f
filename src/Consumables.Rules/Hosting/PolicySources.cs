using System.Runtime.CompilerServices;
using Consumables.Rules.Policy;

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
    internal static PolicyTimeline? TryLoad(ConsumablesRulesOptions options, List<PolicyProblem> problems)
    {
        var versions = new List<PolicyVersion>();
        foreach (var path in options.PolicyFiles)
        {
            if (!File.Exists(path))
            {
                problems.Add(new PolicyProblem(path, $"The policy file '{path}' does not exist."));
                continue;
            }

            using var stream = File.OpenRead(path);
            Collect(PolicyVersion.Load(stream), path, versions, problems);
        }

        for (var i = 0; i < options.PolicyStreams.Count; i++)
        {
            using var stream = options.PolicyStreams[i]();
            Collect(PolicyVersion.Load(stream), $"PolicyStreams[{i}]", versions, problems);
        }

        if (versions.Count == 0 && problems.Count == 0)
        {
            versions.Add(PolicyVersion.Default);
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

    private static void Collect(PolicyLoadResult result, string source, List<PolicyVersion> versions, List<PolicyProblem> problems)
    {
        if (result.IsValid)
        {
            versions.Add(result.Policy!);
            return;
        }

        foreach (var problem in result.Problems)
        {
            problems.Add(new PolicyProblem($"{source}: {problem.Path}", problem.Message));
        }
    }
}
