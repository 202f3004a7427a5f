using System.Text;
using System.Text.RegularExpressions;

namespace Consumables.Rules.Cli.Tests;

/// <summary>
/// Runs every command of docs/real-world.md in order, on a copy of its example files, and compares each output with the
/// document's: the worked example stays true. <c>CONSUMABLES_UPDATE_DOCS=1</c> rewrites the document's outputs instead.
/// </summary>
public sealed partial class RealWorldDocumentTests() : TempFolder("consumables-real-world-")
{
    private const string Document = "docs/real-world.md";
    [Fact]
    public void Every_command_of_the_worked_example_gives_the_output_the_document_shows()
    {
        var examples = Path.Combine(CliRun.RepositoryRoot, "docs", "examples");
        var work = Path.Combine(Folder, "real-world");
        Directory.CreateDirectory(work);
        foreach (var file in Directory.GetFiles(Path.Combine(examples, "real-world")))
        {
            File.Copy(file, Path.Combine(work, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(examples, "ratios.csv"), Path.Combine(Folder, "ratios.csv"));
        var path = Path.Combine(CliRun.RepositoryRoot, Document);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var blocks = Console().Matches(text);
        Assert.True(blocks.Count >= 5, "the document shows its steps as console blocks");

        var rewritten = new StringBuilder();
        var at = 0;
        foreach (Match block in blocks)
        {
            var command = block.Groups["command"].Value;
            var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(a => a.EndsWith(".csv", StringComparison.Ordinal) || a.EndsWith(".json", StringComparison.Ordinal) ? Path.GetFullPath(Path.Combine(work, a)) : a)
                .ToArray();
            var run = CliRun.Of(args);
            var actual = (run.Out + run.Error).ReplaceLineEndings("\n").Replace(work + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)
                .Replace(Folder + Path.DirectorySeparatorChar, "../", StringComparison.Ordinal).TrimEnd('\n') + $"\n[exit {run.ExitCode}]\n";
            rewritten.Append(text, at, block.Groups["output"].Index - at).Append(actual);
            at = block.Groups["output"].Index + block.Groups["output"].Length;
            if (Environment.GetEnvironmentVariable("CONSUMABLES_UPDATE_DOCS") != "1")
            {
                Assert.Equal(block.Groups["output"].Value, actual);
            }
        }

        if (Environment.GetEnvironmentVariable("CONSUMABLES_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, rewritten.Append(text, at, text.Length - at).ToString());
        }
    }

    [GeneratedRegex("```console\\n\\$ consumables (?<command>[^\\n]*)\\n(?<output>(?:(?!```)[^\\n]*\\n)*)```")]
    private static partial Regex Console();
}
