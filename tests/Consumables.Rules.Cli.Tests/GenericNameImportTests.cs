using System.Text;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Tests;

/// <summary><c>import generic-names</c>: NHSA's classification table, its label forms, and the rows it flags.</summary>
public sealed class GenericNameImportTests() : TempFolder("consumables-generic-names-")
{
    private const string Header = "耗材代码,一级分类,二级分类,三级分类,医保通用名分类,耗材材质,规格(特征、参数),医保通用名编号,医保通用名,耗材企业";

    private string Policy() => Path.Combine(CliRun.RepositoryRoot, "src", "Consumables.Rules", "Policy", "Default", "sx-2026-b1.json") is var source
        && File.ReadAllText(source) is var text ? Write("policy.json", text) : throw new InvalidOperationException();

    private static string Row(string code, string level3, string material, string feature, string number, string name) =>
        $"{code},03-骨科材料,11-关节类,{level3},107-人工关节类,{material},{feature},{number},{name},示例企业";

    [Fact]
    public void The_table_imports_with_its_label_forms_and_a_split_code_keeps_its_twenty_character_codes()
    {
        var policy = Policy();
        var table = Write("table.csv", string.Join('\n',
            Header,
            Row("C0311021070111100087", "02-膝关节", "01-钴铬钼合金", "111-初次", "107403", "胫骨平台（初次）"),
            Row("C0311021070111100215", "02-膝关节", "01-钴铬钼合金", "111-初次", "107403", "胫骨 平台（初次）"),
            Row("C0311021070112300087", "02-膝关节", "01-钴铬钼合金", "000--", "107403", "胫骨平台（初次）"),
            Row("C0311021070112300215", "02-膝关节", "01-钴铬钼合金", "000--", "107404", "胫骨平台（翻修、肿瘤）")));

        var run = CliRun.Of("import", "generic-names", table, "--into", policy);

        Assert.True(run.ExitCode == 0, run.Text + run.Error);
        Assert.Contains("generic-names: 2 added, 0 updated, 0 unchanged; 4 row(s) imported, 0 skipped", run.Out, StringComparison.Ordinal);
        var loaded = PolicyVersion.LoadFile(policy);
        Assert.True(loaded.TryGetGenericName(GenericNameNumber.Parse("107403"), out var primary));
        Assert.Equal("胫骨平台（初次）", primary.Name);
        Assert.Equal([CatalogueCode.Parse("C03110210701111")], primary.CatalogueCodes.ToArray());
        Assert.Equal([ManufacturerCode.Parse("C0311021070112300087")], primary.ManufacturerCodes.ToArray());
        Assert.True(loaded.TryGetGenericName(ConsumableCode.Parse("C03110210701123002150000001"), out var revision) && revision.Number == GenericNameNumber.Parse("107404"));
    }

    [Fact]
    public void Suspicious_rows_are_warnings_naming_the_row_and_are_imported_as_written()
    {
        var policy = Policy();
        var table = Write("table.csv", string.Join('\n',
            Header,
            Row("C0311021070111100087", "02-膝关节", "01-钴铬钼合金", "111-初次", "107403", "胫骨平台（初次）"),
            Row("C0311021070111200087", "02-膝关节假体", "01-钴铬钼合金", "112-初次", "107405", "胫骨平1台"),
            Row("C0311021070111300087", "03-膝关节", "01-钴铬钼合金", "113-初次", "107406", "胫骨平台?"),
            Row("C0311021070111400087", "02-膝关节", "01-钴铬钼合金", "114-初次", "107407", "胫骨\uFFFD台")));

        var run = CliRun.Of("import", "generic-names", table, "--into", policy);

        Assert.True(run.ExitCode == 0, run.Text + run.Error);
        Assert.Contains("warning: row 3: 医保通用名 '胫骨平1台' has the digits '1' inside a Chinese word", run.Error, StringComparison.Ordinal);
        Assert.Contains("warning: row 3: 三级分类 '膝关节假体' of class C031102 differs from '膝关节' on row 2", run.Error, StringComparison.Ordinal);
        Assert.Contains("warning: row 4: 医保通用名 '胫骨平台?' holds the stray mark '?'", run.Error, StringComparison.Ordinal);
        Assert.Contains("warning: row 4: 三级分类 '03-膝关节' says 03, but code C0311021070111300087 has 02 there", run.Error, StringComparison.Ordinal);
        Assert.Contains("warning: row 5: 医保通用名 '胫骨\uFFFD台' holds the replacement character", run.Error, StringComparison.Ordinal);
        Assert.Contains("4 row(s) imported, 0 skipped, 5 warning(s)", run.Out, StringComparison.Ordinal);
        Assert.True(PolicyVersion.LoadFile(policy).TryGetGenericName(GenericNameNumber.Parse("107405"), out var kept) && kept.Name == "胫骨平1台");
    }

    [Fact]
    public void Validate_checks_entry_names_against_NHSAs_generic_names_once_the_table_is_loaded()
    {
        var policy = Write("numbers.json", """
            { "format": "consumables-policy/1", "id": "numbers", "province": "140000", "effectiveFrom": "2026-01-01", "itemCap": 50000,
              "catalogue": [ { "code": "107403", "name": "胫骨平台", "category": "B", "valueClass": "high", "maxPaymentLimit": 12000 },
                             { "code": "107499", "name": "胫骨平台（其他）", "category": "B", "valueClass": "high" } ] }
            """);
        var before = CliRun.Of("validate", policy);
        CliRun.Of("import", "generic-names", Write("table.csv", string.Join('\n', Header, Row("C0311021070111100087", "02-膝关节", "01-钴铬钼合金", "111-初次", "107403", "胫骨平台（初次）"))), "--into", policy);

        var after = CliRun.Of("validate", policy);

        Assert.Contains("warning: $.genericNames: Entries are keyed by 医保通用名编号, but NHSA's generic-name table is not loaded", before.Out, StringComparison.Ordinal);
        Assert.Contains("warning: $.catalogue[0].name: '胫骨平台' is not NHSA's generic name 107403 '胫骨平台（初次）' for this number.", after.Out, StringComparison.Ordinal);
        Assert.Contains("warning: $.catalogue[1].code: NHSA's generic-name table has no number 107499: the entry pays no code.", after.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_given_two_names_keeps_the_first_and_warns_and_a_code_without_a_name_is_left_out()
    {
        var policy = Policy();
        var table = Write("table.csv", string.Join('\n',
            Header,
            Row("C0311021070111100087", "02-膝关节", "01-钴铬钼合金", "111-初次", "107403", "胫骨平台（初次）"),
            Row("C0311021070111200087", "02-膝关节", "01-钴铬钼合金", "112-初次", "107403", "胫骨平台（翻修）"),
            Row("C0311021070111300087", "02-膝关节", "01-钴铬钼合金", "113-初次", "", "")));

        var run = CliRun.Of("import", "generic-names", table, "--into", policy);

        Assert.True(run.ExitCode == 0, run.Text + run.Error);
        Assert.Contains("warning: row 3: generic name 107403 is '胫骨平台（翻修）' here but '胫骨平台（初次）' on row 2; '胫骨平台（初次）' is kept", run.Error, StringComparison.Ordinal);
        Assert.Contains("warning: 1 row(s) carry no 医保通用名编号 and no 医保通用名", run.Error, StringComparison.Ordinal);
        Assert.False(PolicyVersion.LoadFile(policy).TryGetGenericName(CatalogueCode.Parse("C03110210701113"), out _));
    }

    [Fact]
    public void The_table_reads_from_a_workbook_too_with_a_number_stored_as_a_number()
    {
        var path = Path.Combine(Folder, "table.xlsx");
        Workbook.Write(path, [
            Workbook.TextRow(1, "耗材代码", "医保通用名编号", "医保通用名"),
            Workbook.TextRow(2, "C0311021070111100087", "107403", "胫骨平台（初次）"),
            Workbook.Row(3, Workbook.Text("A3", "C0101010010100104744"), Workbook.Number("B3", "1001"), Workbook.Text("C3", "气管支气管支架（覆膜）")),
        ]);
        var policy = Policy();

        var run = CliRun.Of("import", "generic-names", path, "--into", policy);

        Assert.True(run.ExitCode == 0, run.Text + run.Error);
        var loaded = PolicyVersion.LoadFile(policy);
        Assert.True(loaded.TryGetGenericName(CatalogueCode.Parse("C03110210701111"), out var name) && name.Name == "胫骨平台（初次）");
        Assert.True(loaded.TryGetGenericName(GenericNameNumber.Parse("001001"), out var stent) && stent.Name == "气管支气管支架（覆膜）");
    }
}
