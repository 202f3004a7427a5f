using System.Text;
using System.Text.Json;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Tests;

/// <summary>The tool with catalogue entries keyed by class prefix (10 characters, behind allowClassPrefixEntries) and the naming rule.</summary>
public sealed class GenericNameCommandTests : IDisposable
{
    private const string Policy = """
        { "format": "consumables-policy/1", "id": "gn-1", "province": "140000", "effectiveFrom": "2026-01-01", "itemCap": 50000,
          "allowClassPrefixEntries": true,
          "catalogue": [
            { "code": "C031116080", "name": "接骨板", "level3": "接骨板", "category": "B", "valueClass": "low", "maxPaymentLimit": 5000 },
            { "code": "C03111608002007", "name": "儿童骨板", "level3": "接骨板", "category": "B", "valueClass": "low", "maxPaymentLimit": 1000 }
          ],
          "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.10 } ] }
        """;

    private const string Lines = """
        feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type,hosp_appr_flag,service_item_code
        1,C03111608003001064100000001,1,6000.00,2026-03-02,310,141100,,0,
        2,C03111608002007064100000001,1,6000.00,2026-03-02,310,141100,,0,
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-generic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Price_json_carries_the_name_of_the_entry_that_applied_and_no_number_without_NHSAs_table()
    {
        var run = CliRun.Of("price", "--policy", Write("policy.json", Policy), Write("lines.csv", Lines), "--format", "json");

        Assert.True(run.ExitCode == 0, run.Text);
        using var json = JsonDocument.Parse(run.Bytes);
        var lines = json.RootElement.GetProperty("lines");
        Assert.Equal((null, "接骨板", "5000.000000", "02"), Fields(lines[0]));
        Assert.Equal((null, "儿童骨板", "1000.000000", "02"), Fields(lines[1]));

        static (string?, string?, string?, string?) Fields(JsonElement line) => (
            line.GetProperty("generic_name_code").GetString(), line.GetProperty("generic_name").GetString(),
            line.GetProperty("pric_uplmt_amt").GetRawText(), line.GetProperty("chrgitm_lv").GetString());
    }

    [Fact]
    public void Price_with_explain_says_at_which_level_the_entry_applied()
    {
        var run = CliRun.Of("price", "--policy", Write("policy.json", Policy), Write("lines.csv", Lines), "--format", "json", "--explain");

        using var json = JsonDocument.Parse(run.Bytes);
        var lines = json.RootElement.GetProperty("lines");
        Assert.Equal("class-prefix", lines[0].GetProperty("entry_level").GetString());
        Assert.Equal("catalogue-code", lines[1].GetProperty("entry_level").GetString());
    }

    [Fact]
    public void Price_csv_has_the_generic_name_columns()
    {
        var output = Path.Combine(_folder, "out.csv");

        var run = CliRun.Of("price", "--policy", Write("policy.json", Policy), Write("lines.csv", Lines), "--format", "csv", "--output", output);

        Assert.True(run.ExitCode == 0, run.Text);
        var rows = File.ReadAllLines(output, Encoding.UTF8);
        var header = rows[0].Split(',');
        var first = rows[1].Split(',');
        Assert.Equal(string.Empty, first[Array.IndexOf(header, "generic_name_code")]);
        Assert.Equal("接骨板", first[Array.IndexOf(header, "generic_name")]);
    }

    [Fact]
    public void Explain_names_the_entry_that_applied_and_its_level()
    {
        var policy = Write("policy.json", Policy);
        string[] line = ["--quantity", "1", "--price", "6000", "--date", "2026-03-02", "--area", "141100"];

        var generic = CliRun.Of(["explain", "--policy", policy, "--code", "C03111608003001064100000001", .. line]);
        var own = CliRun.Of(["explain", "--policy", policy, "--code", "C03111608002007064100000001", .. line, "--json"]);

        Assert.Contains("entry: C031116080 接骨板 (class-prefix entry, 10 characters: C03111608003001 has no entry of its own)", generic.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(own.Out);
        Assert.Equal("catalogue-code", json.RootElement.GetProperty("entry_level").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("generic_name_code").ValueKind);
    }

    [Fact]
    public void Validate_warns_about_a_name_that_does_not_begin_with_its_level_3_name_and_stays_valid()
    {
        var run = CliRun.Of("validate", Write("policy.json", Policy));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: $.catalogue[1].name: '儿童骨板' does not begin with its level-3 name '接骨板'", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("$.catalogue[0].name", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_refuses_a_ten_character_class_prefix_in_a_new_policy_and_composes_a_missing_name()
    {
        var sheet = Write("catalogue.csv", """
            医保耗材分类代码,三级分类,医保通用名,材质,特征,医保类别,值类,最高支付限价
            C031116080,接骨板,,,,乙类,低值,5000
            C03111608002007,接骨板,,纯钛,肱骨,乙类,高值,1000
            C031116,接骨板,,,,乙类,低值,
            """);
        var output = Path.Combine(_folder, "imported.json");

        var run = CliRun.Of("import", "catalogue", sheet, "-o", output, "--id", "gn-import", "--province", "140000", "--from", "2026-01-01", "--allow-skipped");
        var without = Write("without-prefix.csv", string.Join('\n', File.ReadAllLines(sheet).Where(static l => !l.StartsWith("C031116080,", StringComparison.Ordinal))));
        var second = CliRun.Of("import", "catalogue", without, "-o", output, "--id", "gn-import", "--province", "140000", "--from", "2026-01-01", "--allow-skipped");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("allowClassPrefixEntries", run.Error, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Text + second.Error);
        Assert.Contains("code (column A 医保耗材分类代码): 'C031116'", second.Error, StringComparison.Ordinal);
        var policy = PolicyVersion.LoadFile(output);
        Assert.True(policy.TryGetEntry(CatalogueCode.Parse("C03111608002007"), out var own));
        Assert.Equal((CatalogueLevel.CatalogueCode, "接骨板（纯钛/肱骨）"), (own.Level, own.Name));
    }

    [Fact]
    public void Validate_lists_the_naming_warning_beside_the_coverage_warnings()
    {
        var run = CliRun.Of("validate", Write("policy.json", Policy));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("3 warning(s)", run.Out, StringComparison.Ordinal);
        Assert.Contains("warning: $.catalogue[0].code: Class prefix C031116080 pays every code under it", run.Out, StringComparison.Ordinal);
        Assert.Contains("warning: $.preSelfPay: No class-B pre-self-pay row for insutype 390", run.Out, StringComparison.Ordinal);
        Assert.Contains("warning: $.catalogue[1].name: '儿童骨板'", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Reimport_merges_a_generic_name_and_a_catalogue_code_as_different_keys_and_diff_json_names_their_levels()
    {
        var policy = Write("policy.json", Policy);
        var sheet = Write("update.csv", """
            医保耗材分类代码,三级分类,医保通用名,材质,特征,医保类别,值类,最高支付限价
            C031116080,接骨板,接骨板,,,乙类,低值,6000
            C03111608003001,接骨板,,钛合金,股骨,乙类,低值,2000
            """);
        var merged = Path.Combine(_folder, "merged.json");

        var import = CliRun.Of("import", "catalogue", sheet, "--into", policy, "-o", merged);
        var diff = CliRun.Of("diff", policy, merged, "--format", "json");

        Assert.True(import.ExitCode == 0, import.Text + import.Error);
        Assert.Contains("1 added, 1 updated, 0 unchanged", import.Out, StringComparison.Ordinal);
        Assert.Equal(1, diff.ExitCode);
        var changes = JsonDocument.Parse(diff.Text).RootElement.GetProperty("changes").EnumerateArray()
            .Select(static c => (Key: c.GetProperty("key").GetString(), Level: c.GetProperty("level").GetString(), Path: c.GetProperty("path").GetString()))
            .ToList();
        Assert.Contains(("C031116080", "classPrefix", "catalogue[C031116080].maxPaymentLimit"), changes);
        Assert.Contains(("C03111608003001", "catalogueCode", "catalogue[C03111608003001]"), changes);
        var added = PolicyVersion.LoadFile(merged).Catalogue.Single(static e => e.Code == CatalogueCode.Parse("C03111608003001"));
        Assert.Equal((CatalogueLevel.CatalogueCode, "接骨板（钛合金/股骨）", 2000m), (added.Level, added.Name, added.MaxPaymentLimit!.Value));
    }
}
