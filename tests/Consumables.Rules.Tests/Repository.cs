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

    /// <summary>
    /// Returns the reviewed text of a checked-in file (line endings as "\n"), after rewriting it with
    /// <paramref name="actual"/> when the environment variable <paramref name="update"/> is 1; fails when it is missing.
    /// </summary>
    internal static string Reviewed(string relativePath, string actual, string update)
    {
        var path = Path.Combine(Root, relativePath);
        if (Environment.GetEnvironmentVariable(update) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with {update}=1 and review it.");
        return File.ReadAllText(path).ReplaceLineEndings("\n");
    }
}
