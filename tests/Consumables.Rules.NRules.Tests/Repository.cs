namespace Consumables.Rules.NRules.Tests;

/// <summary>Finds the repository's root, for the checked-in example files.</summary>
internal static class Repository
{
    internal static string Root { get; } = Find(AppContext.BaseDirectory);

    private static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Consumables.Rules.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Consumables.Rules.sln above {start}.");
    }
}
