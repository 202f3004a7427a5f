namespace Consumables.Rules.Tests;

/// <summary>Finds files of the repository the tests compare with (reviewed listings, generated code).</summary>
internal static class Repository
{
    /// <summary>Gets the repository root: the first folder above the test binaries holding Consumables.Rules.sln.</summary>
    internal static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Consumables.Rules.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("The repository root (Consumables.Rules.sln) was not found above " + AppContext.BaseDirectory);
        }
    }
}
