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
