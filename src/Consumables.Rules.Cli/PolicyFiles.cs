using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli;

/// <summary>
/// Loads the policies named on the command line: a policy file, or <c>default</c> for the embedded default policy (a file
/// named <c>default</c> is reached as <c>./default</c>). An invalid file is a usage error listing every problem.
/// </summary>
internal static class PolicyFiles
{
    /// <summary>The name that stands for the embedded default policy wherever a policy file is accepted.</summary>
    internal const string DefaultName = "default";

    internal static PolicyVersion LoadOne(string path)
    {
        if (path == DefaultName)
        {
            return PolicyVersion.Default;
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"The policy file '{path}' does not exist (name 'default' for the embedded default policy).");
        }

        if (Input.InputKind.NotPolicy(path) is { } kind)
        {
            throw new UsageException($"The policy file '{path}' is {kind}.");
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
