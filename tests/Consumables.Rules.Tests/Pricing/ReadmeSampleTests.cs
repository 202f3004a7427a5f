using System.Text.RegularExpressions;
using Consumables.Rules.Tests.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>
/// Keeps README's code sample true: its C# block, read from README.md, is compiled (warnings as errors, with a console
/// project's implicit usings) and run. CI runs the same block against the packed packages (eng/doc-examples/run).
/// </summary>
[Collection(ConsoleCollection.Name)]
public class ReadmeSampleTests
{
    /// <summary>The global usings of a console project (ImplicitUsings).</summary>
    private const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    [Fact]
    public void The_readme_sample_compiles_as_written_and_prints_the_four_parts_to_the_fen()
    {
        _ = typeof(ServiceCollection); // loads Microsoft.Extensions.DependencyInjection for the compilation's references
        var output = Run(CSharpBlock(Path.Combine(Repository.Root, "README.md"), "## In code"));

        // Paediatric bone plate (domestic, registered), limit 1000: 2 × 1200 = 2400; over-limit 2 × 200 = 400;
        // pre-self-pay (2400 − 400) × 10% = 200; in scope 1800.
        Assert.Equal("2400.00 = 0.00 + 400.00 + 200.00 + 1800.00", output.Trim());
    }

    [Fact]
    public void The_visits_sample_compiles_as_written_and_prints_what_the_document_says()
    {
        var document = Path.Combine(Repository.Root, "docs", "visits.md");
        var output = Run(CSharpBlock(document, "## A visit with a surgery"));

        // The document's output block, line by line; '…' stands for any text.
        var lines = File.ReadAllLines(document);
        var block = Array.IndexOf(lines, "`dotnet run` prints:");
        var open = Array.IndexOf(lines, "```", block);
        var expected = lines[(open + 1)..Array.IndexOf(lines, "```", open + 1)];
        var actual = output.Trim().Split('\n').Select(static l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.Matches("^" + string.Join(".*", p.First.Split('…').Select(Regex.Escape)) + "$", p.Second));
    }

    private static string Run(string code)
    {
        var program = GeneratedCode.Compile([ImplicitUsings, code], OutputKind.ConsoleApplication);
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            program.EntryPoint!.Invoke(null, [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(original);
        }

        return captured.ToString();
    }

    [Fact]
    public void The_readme_names_every_package_its_sample_uses()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var code = CSharpBlock(Path.Combine(Repository.Root, "README.md"), "## In code");
        var added = Regex.Matches(readme, @"^dotnet add package (\S+)$", RegexOptions.Multiline).Select(static m => m.Groups[1].Value).ToHashSet();

        Assert.Contains("Consumables.Rules", added);
        foreach (Match use in Regex.Matches(code, @"^using (Microsoft\.Extensions\.[\w.]+);", RegexOptions.Multiline))
        {
            Assert.Contains(use.Groups[1].Value, added);
        }
    }

    /// <summary>Returns the first csharp block of a markdown section (from its heading line to the next heading of level 1 or 2).</summary>
    internal static string CSharpBlock(string path, string heading)
    {
        var lines = File.ReadAllLines(path);
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"{path} has no section '{heading}'.");
        var open = Array.FindIndex(lines, start + 1, static l => l == "```csharp" || l.StartsWith("## ", StringComparison.Ordinal));
        Assert.True(open > start && lines[open] == "```csharp", $"{path}, '{heading}': no csharp block.");
        var close = Array.IndexOf(lines, "```", open + 1);
        return string.Join('\n', lines[(open + 1)..close]);
    }
}
