using System.Text;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Cli.Import;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;
using static Consumables.Rules.Cli.Tests.Workbook;

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

    private static readonly CatalogueCode Plate = CatalogueCode.Parse("C03111608002007");
    private static readonly CatalogueCode Haemostatic = CatalogueCode.Parse("C12010100300101");

    // As provinces publish it: a title row, headers with units and widths, 甲乙类, a limit with a thousands separator.
    private const string ProvinceCsv = """
        山西省基本医疗保险医用耗材目录（第一批）,,,,,,,,,,,
        医保耗材分类代码（15位）,一级分类,二级分类,三级分类,医保通用名,材质,特征,甲乙类,高值/低值,最高支付限价（元）,限定支付条件,限定项目编码
        C03111608002007,骨科材料,创伤类,接骨板,儿童骨板,纯钛,肱骨,乙类,高值,"1,000.00",,
        C12010100300101,止血防粘连材料,止血材料,可吸收止血材料,可吸收止血材料,氧化再生纤维素,,乙类,低值,300,限开放手术中使用,001234
        """;

    private CliRun Catalogue(string file, params string[] extra) =>
        CliRun.Of(["import", "catalogue", file, "-o", PathOf("policy.json"), "--id", "sx-test", "--province", "140000", "--from", "2026-01-01", .. extra]);

    private PolicyVersion ImportCatalogue(string file, params string[] extra)
    {
        var run = Catalogue(file, extra);
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        return PolicyVersion.LoadFile(PathOf("policy.json"));
    }

    [Fact]
    public void A_catalogue_as_the_province_publishes_it_imports_every_limit_and_category_and_names_its_columns()
    {
        var run = Catalogue(Write("catalogue.csv", ProvinceCsv));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("header on row 2", run.Out, StringComparison.Ordinal);
        Assert.Contains("maxPaymentLimit  ← J 最高支付限价（元）", run.Out, StringComparison.Ordinal);
        Assert.Contains("category         ← H 甲乙类", run.Out, StringComparison.Ordinal);
        Assert.Contains("code             ← A 医保耗材分类代码（15位）", run.Out, StringComparison.Ordinal);
        Assert.Contains("catalogue: 2 added, 0 updated, 0 unchanged; 2 row(s) imported, 0 skipped", run.Out, StringComparison.Ordinal);
        var policy = PolicyVersion.LoadFile(PathOf("policy.json"));
        Assert.True(policy.TryGetEntry(Plate, out var plate));
        Assert.True(policy.TryGetEntry(Haemostatic, out var haemostatic));
        Assert.Equal((PaymentCategory.B, ValueClass.High, 1000.00m, "纯钛 肱骨"), (plate.Category, plate.ValueClass, plate.MaxPaymentLimit!.Value, plate.MaterialFeature));
        Assert.Equal((PaymentCategory.B, ValueClass.Low, 300m), (haemostatic.Category, haemostatic.ValueClass, haemostatic.MaxPaymentLimit!.Value));
        Assert.Equal(["001234"], haemostatic.Restriction!.ServiceItems.ToArray());
    }

    [Fact]
    public void Restriction_texts_are_classified_by_their_wording_listed_with_the_kind_chosen_and_corrected_by_a_column()
    {
        var file = Write("kinds.csv", """
            15位编码,医保通用名,支付类别,高值/低值,限定支付条件,限定项目编码,限定类型
            C01010100101001,钻头,乙类,低值,不能与项目“使用微动力系统加收1170元”同时收取,331501001,
            C01010100101002,人工耳蜗,乙类,高值,限：1.先天性双耳重度感音神经性耳聋；2.7岁以下儿童语前聋,,
            C01010100101003,止血材料,乙类,低值,限治疗类手术使用,,
            C01010100101004,人工晶体,乙类,高值,不含眼内屈光矫正手术,,
            C01010100101005,导管,乙类,低值,不含眼内屈光矫正手术,,limitedTo
            """);

        var policy = ImportCatalogue(file);
        var run = Catalogue(file);

        Restriction Of(string code) => policy.Catalogue.Single(e => e.Code == CatalogueCode.Parse(code)).Restriction!;
        Assert.Equal(RestrictionKind.NotTogetherWith, Of("C01010100101001").Kind);
        Assert.Equal(["331501001"], Of("C01010100101001").ServiceItems.ToArray());
        Assert.Equal((RestrictionKind.Conditions, (int?)7), (Of("C01010100101002").Kind, Of("C01010100101002").MaxAge));
        Assert.Equal(RestrictionKind.LimitedTo, Of("C01010100101003").Kind);
        Assert.Equal(RestrictionKind.Note, Of("C01010100101004").Kind);
        Assert.Equal(RestrictionKind.LimitedTo, Of("C01010100101005").Kind);
        Assert.Contains("restrictions: 5 read", run.Out, StringComparison.Ordinal);
        Assert.Contains("notTogetherWith     1 × 「不能与项目“使用微动力系统加收1170元”同时收取」 (wording 不能与…同时收取)", run.Out, StringComparison.Ordinal);
        Assert.Contains("note                1 × 「不含眼内屈光矫正手术」 (wording no wording of a kind that limits payment)", run.Out, StringComparison.Ordinal);
        Assert.Contains("limitedTo           1 × 「不含眼内屈光矫正手术」 (restrictionKind column)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_restriction_kind_in_the_column_skips_its_row()
    {
        var run = Catalogue(Write("kinds.csv", "15位编码,医保通用名,支付类别,高值/低值,限定支付条件,限定类型\nC01010100101001,钻头,乙类,低值,限手术使用,maybe\n"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("restrictionKind: 'maybe'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gb18030_catalogue_csv_is_read()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var policy = ImportCatalogue(Write("gb.csv", ProvinceCsv, Encoding.GetEncoding("GB18030")));

        Assert.Equal("儿童骨板", policy.Catalogue[0].Name);
    }

    [Fact]
    public void An_unquoted_thousands_separator_skips_its_row_never_reading_another_number_and_nothing_is_written()
    {
        var file = Write("catalogue.csv", ProvinceCsv.Replace("\"1,000.00\"", "1,234.50", StringComparison.Ordinal));

        var run = Catalogue(file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("skipped row 3: the row has 13 field(s) and the header 12", run.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-skipped", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("policy.json")));

        var allowed = ImportCatalogue(file, "--allow-skipped");
        Assert.False(allowed.TryGetEntry(Plate, out _));
        Assert.Single(allowed.Catalogue);
    }

    [Theory]
    [InlineData("1,000.00", "1000.00")]
    [InlineData("１，２３４．５０", "1234.50")]
    [InlineData("¥1,234.5", "1234.5")]
    [InlineData("￥300元", "300")]
    [InlineData("12345678.90", "12345678.90")]
    public void Amounts_with_separators_full_width_digits_or_a_currency_mark_are_read_exactly(string text, string expected)
    {
        Assert.True(RowReader.TryParseAmount(text, CellKind.Text, out var value, out _));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(expected, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("1,23")]
    [InlineData("1.234,50")]
    [InlineData("12,34,567")]
    [InlineData("1e3")]
    [InlineData("1 000,5")]
    [InlineData("约1000")]
    [InlineData("1000.")]
    public void Amounts_that_could_be_read_two_ways_are_refused(string text) =>
        Assert.False(RowReader.TryParseAmount(text, CellKind.Text, out _, out _));

    [Fact]
    public void A_workbook_number_is_read_exactly_as_stored_exponent_included()
    {
        Assert.True(RowReader.TryParseAmount("1.5E-2", CellKind.Number, out var value, out _));
        Assert.Equal(0.015m, value);
    }

    [Fact]
    public void A_workbook_laid_out_as_the_province_publishes_it_imports_every_limit_category_and_code()
    {
        var file = PathOf("catalogue.xlsx");
        Workbook.Write(file, [
            TextRow(1, "山西省基本医疗保险医用耗材目录"),
            TextRow(2, "医保耗材分类代码（15位）", "医保通用名", "甲乙类", "高值/低值", "最高支付限价（元）", "限定支付条件", "限定项目编码"),
            Row(3, Text("A3", "C03111608002007"), Text("B3", "儿童骨板"), Text("C3", "乙类"), Text("D3", "高值"), Text("E3", "1,000.00")),
            Row(4, Text("A4", "C12010100300101"), Text("B4", "可吸收止血材料"), Text("C4", "乙类"), Text("D4", "低值"), Number("E4", "300"), Text("F4", "限开放手术中使用"), Number("G4", "1234", style: 0)),
            Row(5, Text("A5", "C05020300100201"), Text("B5", "医用美容填充材料"), Text("C5", "丙类"), Text("D5", "高值"), Text("E5", "１２００．５０")),
        ], dimension: "A1:G5", numberFormats: "000000");

        var policy = ImportCatalogue(file);

        Assert.Equal([1000.00m, 300m, 1200.50m], policy.Catalogue.Select(static e => e.MaxPaymentLimit!.Value));
        Assert.Equal([PaymentCategory.B, PaymentCategory.B, PaymentCategory.C], policy.Catalogue.Select(static e => e.Category));
        Assert.Equal(["001234"], policy.Catalogue[1].Restriction!.ServiceItems.ToArray());
    }

    [Fact]
    public void A_formula_saved_without_its_value_skips_its_row()
    {
        var file = PathOf("formula.xlsx");
        Workbook.Write(file, [
            TextRow(1, "15位编码", "医保通用名", "支付类别", "值类", "最高支付限价"),
            Row(2, Text("A2", "C03111608002007"), Text("B2", "儿童骨板"), Text("C2", "乙类"), Text("D2", "高值"), Formula("E2", "ROUND(F2*1.1,2)")),
            Row(3, Text("A3", "C05020300100201"), Text("B3", "填充材料"), Text("C3", "丙类"), Text("D3", "高值")),
        ]);

        var run = Catalogue(file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("skipped row 2: maxPaymentLimit (column E 最高支付限价) is a formula saved without its value", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("policy.json")));
    }

    [Fact]
    public void A_sheet_declaring_cell_XFD1048576_is_read_by_the_rows_it_holds()
    {
        var file = PathOf("huge.xlsx");
        Workbook.Write(file, [
            TextRow(1, "15位编码", "医保通用名", "支付类别", "值类"),
            TextRow(2, "C03111608002007", "儿童骨板", "乙类", "高值"),
            Row(1048576, Text("A1048576", "C05020300100201"), Text("B1048576", "填充材料"), Text("C1048576", "丙类"), Text("D1048576", "高值"), Text("XFD1048576", "x")),
        ], dimension: "A1:XFD1048576");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var run = Catalogue(file, "--allow-skipped");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("skipped row 1048576: the row has a value in column XFD, right of the header's last column D", run.Error, StringComparison.Ordinal);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated:N0} bytes for a sheet of three rows");
    }

    [Theory]
    [InlineData("random.xlsx")]
    [InlineData("random.xls")]
    [InlineData("empty.xlsx")]
    [InlineData("text.xlsx")]
    [InlineData("ole.xls")]
    [InlineData("notasheet.xlsx")]
    [InlineData("broken.xlsx")]
    public void A_random_empty_or_renamed_workbook_is_one_file_level_error(string name)
    {
        var path = PathOf(name);
        var random = new byte[4096];
        new Random(17).NextBytes(random);
        switch (name)
        {
            case "empty.xlsx":
                File.WriteAllBytes(path, []);
                break;
            case "text.xlsx":
                File.WriteAllText(path, "15位编码,医保通用名,支付类别\nC03111608002007,儿童骨板,乙类\n");
                break;
            case "ole.xls":
                File.WriteAllBytes(path, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. random]);
                break;
            case "notasheet.xlsx":
                using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
                {
                    using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
                    writer.Write("not a workbook");
                }

                break;
            case "broken.xlsx":
                Workbook.Write(path, ["<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>"]);
                break;
            default:
                File.WriteAllBytes(path, [.. "PK\u0003\u0004"u8.ToArray(), .. random]);
                break;
        }

        var run = Catalogue(path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("consumables: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(name, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("policy.json")));
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
        var run = Catalogue(Write("bad.csv", "a,b\n1,2\n"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("code, name, category", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_columns_that_read_as_one_field_are_refused()
    {
        var run = Catalogue(Write("twice.csv", "15位编码,医保通用名,支付类别,最高支付限价（元）,最高支付限价(元)\nC03111608002007,儿童骨板,乙类,1,2\n"), "--value-class", "high");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("columns D and E both read as maxPaymentLimit", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Importing_a_table_twice_is_the_same_as_importing_it_once()
    {
        var policyFile = PathOf("policy.json");
        ImportCatalogue(Write("catalogue.csv", ProvinceCsv));
        var products = Write("products.csv", "27位码,注册备案号\nC03111608002007064100000001,国械注进20173460001\n");
        Assert.Equal(0, CliRun.Of("import", "products", products, "--into", policyFile).ExitCode);
        var once = File.ReadAllBytes(policyFile);

        var catalogue = CliRun.Of("import", "catalogue", PathOf("catalogue.csv"), "--into", policyFile);
        var again = CliRun.Of("import", "products", products, "--into", policyFile);

        Assert.Equal((0, 0), (catalogue.ExitCode, again.ExitCode));
        Assert.Contains("catalogue: 0 added, 0 updated, 2 unchanged", catalogue.Out, StringComparison.Ordinal);
        Assert.Contains("products: 0 added, 0 updated, 1 unchanged", again.Out, StringComparison.Ordinal);
        Assert.Equal(once, File.ReadAllBytes(policyFile));
    }

    [Fact]
    public void A_re_import_updates_by_code_adds_new_rows_and_keeps_fields_the_table_lacks()
    {
        var policyFile = PathOf("policy.json");
        ImportCatalogue(Write("catalogue.csv", ProvinceCsv));
        var update = Write("update.csv", "15位编码,医保通用名,支付类别,最高支付限价（元）\nC03111608002007,儿童骨板,乙类,\"1,100.00\"\nC12010100300101,可吸收止血材料,乙类,300.00\nC05020300100201,医用美容填充材料,丙类,\n");

        var run = CliRun.Of("import", "catalogue", update, "--into", policyFile, "--value-class", "high");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(run.Out.Contains("catalogue: 1 added, 1 updated, 1 unchanged", StringComparison.Ordinal), run.Out);
        Assert.Contains("catalogue: 1 added, 1 updated, 1 unchanged", run.Out, StringComparison.Ordinal);
        var policy = PolicyVersion.LoadFile(policyFile);
        Assert.True(policy.TryGetEntry(Plate, out var plate));
        Assert.True(policy.TryGetEntry(Haemostatic, out var haemostatic));
        Assert.Equal((1100.00m, "纯钛 肱骨", ValueClass.High), (plate.MaxPaymentLimit!.Value, plate.MaterialFeature, plate.ValueClass));
        Assert.Equal((ValueClass.Low, "限开放手术中使用"), (haemostatic.ValueClass, haemostatic.Restriction!.Text));
        Assert.Equal(3, policy.Catalogue.Count);
    }

    [Fact]
    public void A_failed_import_leaves_the_policy_byte_for_byte()
    {
        var policyFile = PathOf("policy.json");
        ImportCatalogue(Write("catalogue.csv", ProvinceCsv));
        var before = File.ReadAllBytes(policyFile);
        var skipped = Write("products.csv", "27位码,注册备案号\nC03111608002007064100000001,国械注准1\nC0311,国械注准2\n");
        var invalid = Write("groups.csv", "集采分组,中选产品代码,中选价\nG1,C03111608002007064100000001,60000\n");

        var first = CliRun.Of("import", "products", skipped, "--into", policyFile);
        var second = CliRun.Of("import", "procurement", invalid, "--into", policyFile);

        Assert.Equal((1, 2), (first.ExitCode, second.ExitCode));
        Assert.Contains("skipped row 3: code (column A 27位码): 'C0311' is not a 27-character consumable code", first.Error, StringComparison.Ordinal);
        Assert.Contains("$.procurement[0].winners[0].price", second.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(policyFile));
    }

    [Fact]
    public void Products_recoding_and_disabled_tables_merge_into_a_policy()
    {
        var policyFile = PathOf("policy.json");
        ImportCatalogue(Write("catalogue.csv", ProvinceCsv));
        var products = Write("products.csv", "27位码,注册备案号,耗材企业,规格,型号\nC03111608002007064100000001,国械注进20173460001,某公司,3孔,A\n");
        var recoding = Write("recoding.csv", "原27位码,27位码\nC03111608002007064100000009,C03111608002007064100000001\n");
        var disabled = Write("disabled.csv", "27位码\nC03111608002007064100000009\n");

        var p = CliRun.Of("import", "products", products, "--into", policyFile);
        var r = CliRun.Of("import", "recoding", recoding, "--into", policyFile);
        var d = CliRun.Of("import", "disabled", disabled, "--into", policyFile);

        Assert.Equal((0, 0, 0), (p.ExitCode, r.ExitCode, d.ExitCode));
        var policy = PolicyVersion.LoadFile(policyFile);
        Assert.True(policy.TryGetProduct(ConsumableCode.Parse("C03111608002007064100000001"), out var product));
        Assert.Equal(Origin.Imported, product.Origin);
        Assert.True(policy.TryGetRecoding(ConsumableCode.Parse("C03111608002007064100000009"), out var to));
        Assert.Equal(product.Code, to);
        Assert.True(policy.TryGetProduct(ConsumableCode.Parse("C03111608002007064100000009"), out var old) && old.Disabled);
    }

    [Fact]
    public void Ratios_procurement_and_medians_import_and_a_changed_ratio_updates_its_row()
    {
        var policyFile = PathOf("policy.json");
        ImportCatalogue(Write("catalogue.csv", ProvinceCsv));
        var ratios = Write("ratios.csv", "险种类型,统筹区编码,生产地类别,支付类别,先行自付比例\n310,141100,国产,乙类,10%\n390,140000,,乙类,0.05\n");
        var groups = Write("groups.csv", "集采分组,中选产品代码（27位）,中选价（元）\nG1,C03111608002007064100000001,500.00\nG1,C03111608002007064100000002,\"1,000.00\"\n");
        var medians = Write("medians.csv", "医保耗材分类代码,实际结算中位价（元）\nC12010100300101,120.5\n");

        var results = new[]
        {
            CliRun.Of("import", "ratios", ratios, "--into", policyFile),
            CliRun.Of("import", "procurement", groups, "--into", policyFile),
            CliRun.Of("import", "medians", medians, "--into", policyFile, "--period-from", "2025-01-01", "--period-to", "2025-12-31"),
            CliRun.Of("import", "ratios", Write("ratios2.csv", "险种类型,统筹区,支付类别,先行自付比例\n城乡居民,140000,乙类,8%\n"), "--into", policyFile),
        };

        Assert.All(results, static r => Assert.True(r.ExitCode == 0, r.Error));
        Assert.Contains("ratios: 0 added, 1 updated, 0 unchanged", results[3].Out, StringComparison.Ordinal);
        var policy = PolicyVersion.LoadFile(policyFile);
        Assert.Equal([0.10m, 0.08m], policy.PreSelfPay.Rows.Select(static r => r.Ratio));
        var group = Assert.Single(policy.Procurement);
        Assert.Equal([500.00m, 1000.00m], group.Winners.Select(static w => w.Price));
        Assert.Equal([Plate], group.CatalogueCodes.ToArray());
        Assert.True(policy.TryGetSettlementMedian(Haemostatic, out var median));
        Assert.Equal((120.5m, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), (median.Median, median.From, median.To));
    }

    [Fact]
    public void The_example_tables_build_a_policy_that_prices_the_example_charges_exactly_as_the_default_does()
    {
        var examples = Path.Combine(CliRun.RepositoryRoot, "docs", "examples");
        var policyFile = PathOf("sx.json");
        var runs = new List<CliRun>
        {
            CliRun.Of("import", "catalogue", Path.Combine(examples, "catalogue.csv"), "-o", policyFile, "--id", "sx-2026-b1", "--title", PolicyVersion.Default.Title, "--province", "140000", "--from", "2026-01-01", "--resident-ratio-province-wide",
                "--no-median", "actualPrice", "--no-median-reason", PolicyVersion.Default.NoMedianReason!),
        };
        foreach (var table in new[] { "products", "recoding", "disabled", "procurement", "medians", "ratios" })
        {
            runs.Add(CliRun.Of("import", table, Path.Combine(examples, table + ".csv"), "--into", policyFile));
        }

        Assert.All(runs, static r => Assert.True(r.ExitCode == 0, r.Error));
        var built = PolicyVersion.LoadFile(policyFile);
        var diff = PolicyDiff.Compare(PolicyVersion.Default, built);
        Assert.True(diff.IsEmpty, diff.ToString());
        var expected = CliRun.Of("price", CliRun.Example, "--format", "json");
        var actual = CliRun.Of("price", "--policy", policyFile, CliRun.Example, "--format", "json");
        Assert.Equal((1, 1), (expected.ExitCode, actual.ExitCode));
        Assert.Equal(Encoding.UTF8.GetString(expected.Bytes), Encoding.UTF8.GetString(actual.Bytes));
    }

    [Fact]
    public void Header_matching_folds_widths_drops_units_and_spaces()
    {
        Assert.Equal(Columns.Normalise("最高支付限价"), Columns.Normalise(" 最高支付\n限价（元） "));
        Assert.Equal(Columns.Normalise("医保耗材分类代码"), Columns.Normalise("医保耗材分类代码(15位)"));
        Assert.Equal(Columns.Normalise("高值低值"), Columns.Normalise("高值/低值"));
        Assert.Equal("insutype", Columns.Normalise("ＩＮＳＵＴＹＰＥ"));
    }
}
