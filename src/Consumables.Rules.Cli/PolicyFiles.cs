using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli;

/// <summary>Loads the policy files named on the command line; an invalid one is a usage error listing every problem.</summary>
internal static class PolicyFiles
{
    internal static PolicyVersion LoadOne(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"The policy file '{path}' does not exist.");
        }

        PolicyLoadResult result;
        using (var stream = File.OpenRead(path))
        {
            result = PolicyVersion.Load(stream);
        }

        if (!result.IsValid)
        {
            throw new UsageException(
                $"The policy file '{path}' is invalid: {result.Problems.Count} problem(s).",
                [.. result.Problems.Select(static p => $"{p.Path}: {p.Message}")]);
        }

        return result.Policy!;
    }

    /// <summary>Loads the files into a timeline; no file means the embedded default policy.</summary>
    internal static PolicyTimeline LoadTimeline(IReadOnlyList<string> paths)
    {
        var versions = paths.Count == 0 ? [PolicyVersion.Default] : paths.Select(LoadOne).ToList();
        try
        {
            return PolicyTimeline.Create(versions);
        }
        catch (PolicyLoadException ex)
        {
            throw new UsageException("The policy files do not form a timeline.", [.. ex.Problems.Select(static p => $"{p.Path}: {p.Message}")]);
        }
    }
}
