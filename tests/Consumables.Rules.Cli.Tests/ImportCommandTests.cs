using System.IO.Compression;
using System.Security;
using System.Text;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Tests;

public sealed class ImportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string Write(string name, string text, Encoding? encoding = null)
    {
        File.WriteAllText(PathOf(name), text, encoding ?? new UTF8Encoding(false));
        return PathOf(name);
    }

    private const string CatalogueCsv = """
        医保耗材分类代码,一级分类,二级分类,三级分类,医保通用名,材质,特征,医保类别,值类,最高支付限价,限定支付条件,限定项目编码
        C03111608002007,骨科材料,创伤类,接骨板,儿童骨板,纯钛,肱骨,乙类,高值,1000.00,,
        C12010100300101,止血防粘连材料,止血材料,可吸收止血材料,可吸收止血材料,氧化再生纤维素,,乙类,低值,300,限开放手术中使用,331501001
        C0511,整形美容材料,填充材料,注射填充,填充材料,,,丙类,高值,,,
        C05020300100201,整形美容材料,填充材料,注射填充,医用美容填充材料,,,丁类,高值,,,
        """;

    private PolicyVersion ImportCatalogue(string file, params string[] extra)
    {
        var output = PathOf("policy.json");
        var run = CliRun.Of(["import", "catalogue", file, "-o", output, "--id", "sx-test", "--province", "140000", "--from", "2026-01-01", .. extra]);
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        return PolicyVersion.LoadFile(output);
    }

    [Fact]
    public void A_catalogue_csv_with_the_usual_chinese_headers_becomes_a_policy_and_bad_rows_are_listed_by_number()
    {
        var file = Write("catalogue.csv", CatalogueCsv);
        var output = PathOf("policy.json");

        var run = CliRun.Of("import", "catalogue", file, "-o", output, "--id", "sx-test", "--province", "140000", "--from", "2026-01-01");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("skipped row 4: code 'C0511'", run.Error, StringComparison.Ordinal);
        Assert.Contains("skipped row 5: payment category '丁类'", run.Error, StringComparison.Ordinal);
        var policy = PolicyVersion.LoadFile(output);
        Assert.Equal(2, policy.Catalogue.Count);
        Assert.True(policy.TryGetEntry(CatalogueCode.Parse("C12010100300101"), out var restricted));
        Assert.Equal((PaymentCategory.B, ValueClass.Low, 300m), (restricted.Category, restricted.ValueClass, restricted.MaxPaymentLimit!.Value));
        Assert.True(restricted.Restriction!.AllowsServiceItem("331501001"));
        Assert.Equal("氧化再生纤维素", restricted.MaterialFeature);
    }

    [Fact]
    public void A_gb18030_catalogue_csv_is_read()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var policy = ImportCatalogue(Write("gb.csv", CatalogueCsv, Encoding.GetEncoding("GB18030")));

        Assert.Equal("儿童骨板", policy.Catalogue[0].Name);
    }

    [Fact]
    public void A_mapping_file_names_other_headers()
    {
        var file = Write("custom.csv", "编码,名称,类别\nC03111608002007,儿童骨板,乙类\n");
        var mapping = Write("map.json", """{ "code": "编码", "name": "名称", "category": "类别" }""");

        var policy = ImportCatalogue(file, "--mapping", mapping, "--value-class", "high");

        Assert.Equal("儿童骨板", Assert.Single(policy.Catalogue).Name);
    }

    [Fact]
    public void A_sheet_without_the_required_columns_exits_2_naming_them()
    {
        var run = CliRun.Of("import", "catalogue", Write("bad.csv", "a,b\n1,2\n"), "-o", PathOf("p.json"), "--id", "x", "--province", "140000", "--from", "2026-01-01");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("code, name, category", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_xlsx_workbook_is_read()
    {
        var file = PathOf("catalogue.xlsx");
        WriteXlsx(file, [
            ["15位编码", "医保通用名", "支付类别", "高值低值", "最高支付限价"],
            ["C03111608002007", "儿童骨板", "乙类", "高值", "1000"],
            ["C05020300100201", "医用美容填充材料", "丙类", "高值", ""],
        ]);

        var policy = ImportCatalogue(file);

        Assert.Equal([PaymentCategory.B, PaymentCategory.C], policy.Catalogue.Select(static e => e.Category));
        Assert.Equal(1000m, policy.Catalogue[0].MaxPaymentLimit);
    }

    [Fact]
    public void Products_recoding_and_disabled_tables_merge_into_a_policy()
    {
        var policyFile = PathOf("policy.json");
        ImportCatalogue(Write("catalogue.csv", CatalogueCsv));
        var products = Write("products.csv", "27位码,注册备案号,耗材企业,规格,型号\nC03111608002007064100000001,国械注进20173460001,某公司,3孔,A\nC0311,国械注准1,某公司,,\n");
        var recoding = Write("recoding.csv", "原27位码,27位码\nC03111608002007064100000009,C03111608002007064100000001\n");
        var disabled = Write("disabled.csv", "27位码\nC03111608002007064100000009\n");

        var p = CliRun.Of("import", "products", products, "--into", policyFile);
        var r = CliRun.Of("import", "recoding", recoding, "--into", policyFile);
        var d = CliRun.Of("import", "disabled", disabled, "--into", policyFile);

        Assert.Equal((0, 0, 0), (p.ExitCode, r.ExitCode, d.ExitCode));
        Assert.Contains("skipped row 3", p.Error, StringComparison.Ordinal);
        var policy = PolicyVersion.LoadFile(policyFile);
        Assert.True(policy.TryGetProduct(ConsumableCode.Parse("C03111608002007064100000001"), out var product));
        Assert.Equal(Origin.Imported, product.Origin);
        Assert.True(policy.TryGetRecoding(ConsumableCode.Parse("C03111608002007064100000009"), out var to));
        Assert.Equal(product.Code, to);
        Assert.True(policy.TryGetProduct(ConsumableCode.Parse("C03111608002007064100000009"), out var old) && old.Disabled);
    }

    private static void WriteXlsx(string path, string[][] rows)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Part(string name, string xml)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(xml);
        }

        Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="目录" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
        var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        for (var r = 0; r < rows.Length; r++)
        {
            sheet.Append(System.Globalization.CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = $"{(char)('A' + c)}{r + 1}";
                sheet.Append(System.Globalization.CultureInfo.InvariantCulture, $"<c r=\"{cell}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(rows[r][c])}</t></is></c>");
            }

            sheet.Append("</row>");
        }

        sheet.Append("</sheetData></worksheet>");
        Part("xl/worksheets/sheet1.xml", sheet.ToString());
    }
}
