using System.Text.RegularExpressions;
using Consumables.Rules.Pricing;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>The documentation stays true and stands alone.</summary>
public class DocsTests
{
    [Fact]
    public void The_rule_table_in_pricing_md_lists_every_standard_rule_with_its_priority()
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "pricing.md"));
        var documented = new Dictionary<string, int>();
        foreach (Match row in Regex.Matches(text, @"^\| (?<priorities>[\d, ]+) \| (?<rules>`[^|]+) \|", RegexOptions.Multiline))
        {
            var priorities = row.Groups["priorities"].Value.Split(", ").Select(int.Parse).ToArray();
            var rules = Regex.Matches(row.Groups["rules"].Value, "`([^`]+)`").Select(static m => m.Groups[1].Value).ToArray();
            Assert.Equal(rules.Length, priorities.Length);
            for (var i = 0; i < rules.Length; i++)
            {
                documented[rules[i]] = priorities[i];
            }
        }

        Assert.Equal(
            PricingRules.Default.Rules.Select(static r => (r.Name, r.Priority)).OrderBy(static r => r.Name, StringComparer.Ordinal),
            documented.Select(static d => (d.Key, d.Value)).OrderBy(static r => r.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_default_a_docs_table_names_is_the_codes_default_and_every_option_is_named()
    {
        var defaults = new ConsumablesRulesOptions();
        var options = typeof(ConsumablesRulesOptions).GetProperties().Where(static p => p.GetMethod!.IsPublic).ToDictionary(static p => p.Name);
        var documented = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Root, "docs"), "*.md").Append(Path.Combine(Repository.Root, "README.md")))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!Regex.IsMatch(lines[i], @"^\|\s*option\s*\|\s*default\s*\|"))
                {
                    continue;
                }

                for (var row = i + 2; row < lines.Length && lines[row].StartsWith('|'); row++)
                {
                    var cells = lines[row].Split('|', StringSplitOptions.TrimEntries);
                    var name = cells[1].Trim('`');
                    Assert.True(options.TryGetValue(name, out var option), $"{Path.GetFileName(file)} names an option '{name}' that ConsumablesRulesOptions does not have.");
                    Assert.True(Describe(option.GetValue(defaults)) == cells[2].Trim('`'),
                        $"{Path.GetFileName(file)} says the default of {name} is {cells[2]}; the code's is {Describe(option.GetValue(defaults))}.");
                    documented.Add(name);
                }
            }
        }

        Assert.Equal(options.Keys.Order(StringComparer.Ordinal), documented.Distinct().Order(StringComparer.Ordinal));

        static string Describe(object? value) => value switch
        {
            null => "none",
            bool flag => flag ? "true" : "false",
            System.Collections.ICollection { Count: 0 } => "none",
            _ => value.ToString()!,
        };
    }

    [Fact]
    public void The_docs_and_package_readmes_cite_no_document_outside_the_repository()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Repository.Root, "docs"), "*.md")
            .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.*", SearchOption.AllDirectories).Where(static f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)))
            .Append(Path.Combine(Repository.Root, "README.md"))
            .Where(static f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var citing = files.Where(static f => Regex.IsMatch(File.ReadAllText(f), @"DESIGN(\.md| §)|/work/shared")).Select(f => Path.GetRelativePath(Repository.Root, f)).ToList();

        Assert.Empty(citing);
    }
}
