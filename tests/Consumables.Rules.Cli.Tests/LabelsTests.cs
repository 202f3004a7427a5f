using System.Text.RegularExpressions;

namespace Consumables.Rules.Cli.Tests;

/// <summary>The language files stay complete: the same keys in every language, every key the tool names present, no Chinese label left empty.</summary>
public sealed partial class LabelsTests
{
    [Fact]
    public void Every_language_has_the_same_keys()
    {
        var english = Labels.English.Keys.Order(StringComparer.Ordinal).ToList();

        Assert.All(Labels.Names, name => Assert.Equal(english, Labels.For(name).Keys.Order(StringComparer.Ordinal).ToList()));
    }

    [Fact]
    public void Every_key_the_tool_names_is_in_the_files()
    {
        var source = Path.Combine(CliRun.RepositoryRoot, "src", "Consumables.Rules.Cli");
        var named = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .SelectMany(static f => Key().Matches(File.ReadAllText(f)).Select(static m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(named);
        Assert.All(named, key => Assert.Contains(key, Labels.English.Keys));
    }

    [Fact]
    public void Every_Chinese_label_is_written_and_every_amount_carries_its_platform_field()
    {
        var chinese = Labels.For("zh-CN");

        Assert.All(chinese.Keys, key => Assert.NotEmpty(chinese[key]));
        Assert.Equal("先行自付 preselfpay_amt", chinese.Field(FieldNames.PreSelfPay));
        Assert.Equal("符合政策范围 inscp_scp_amt", chinese.Field(FieldNames.InPolicyScope));
        Assert.Equal(FieldNames.PreSelfPay, Labels.English.Field(FieldNames.PreSelfPay));
    }

    [Theory]
    [InlineData("zh-CN", "zh-CN")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("en-US", "en")]
    [InlineData("", "en")]
    public void The_default_language_follows_the_culture(string culture, string expected) =>
        Assert.Equal(expected, Labels.NameFor(new System.Globalization.CultureInfo(culture)));

    // A key written as a literal: labels["run.summary"], Format("table.summary", …).
    [GeneratedRegex(@"(?:\[|Format\()""((?:col|short|label|table|run|reconcile|explain|html)\.[A-Za-z0-9_.-]+)""")]
    private static partial Regex Key();
}
