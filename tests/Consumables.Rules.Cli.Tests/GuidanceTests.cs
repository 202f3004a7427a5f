using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Tests;

/// <summary>The operator's first hour: the embedded policy by name, messages that guide, inputs recognised by their content.</summary>
public sealed class GuidanceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-guidance-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Examples(string name) => Path.Combine(CliRun.RepositoryRoot, "docs", "examples", name);

    [Fact]
    public void Default_names_the_embedded_policy_and_export_writes_a_policy_validate_accepts()
    {
        var file = Path.Combine(_folder, "p.json");

        var export = CliRun.Of("policy", "export", "default", "-o", file);
        var validate = CliRun.Of("validate", file);
        var same = CliRun.Of("diff", "default", file);

        Assert.Equal(0, export.ExitCode);
        Assert.Equal(PolicyVersion.Default.ToJson(), File.ReadAllText(file));
        Assert.Equal(0, validate.ExitCode);
        Assert.Contains(": valid (sx-2026-b1", validate.Out, StringComparison.Ordinal);
        Assert.Equal(0, same.ExitCode);
        Assert.Equal(CliRun.Of("price", CliRun.Example, "--format", "csv").Bytes, CliRun.Of("price", "--policy", "default", CliRun.Example, "--format", "csv").Bytes);
    }

    [Fact]
    public void Diff_default_against_a_policy_that_moves_money_exits_1()
    {
        var file = Path.Combine(_folder, "cap.json");
        File.WriteAllText(file, PolicyBuilder.From(PolicyVersion.Default).WithItemCap(40_000m).Build().ToJson());

        var run = CliRun.Of("diff", "default", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("40000", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_of_several_versions_writes_one_file_each_into_a_folder_and_list_shows_them()
    {
        var json = PolicyVersion.Default.ToJson();
        var later = Path.Combine(_folder, "later.json");
        File.WriteAllText(later, json
            .Replace("\"id\": \"sx-2026-b1\"", "\"id\": \"sx-2027\", \"fallbackPolicy\": \"sx-2026-b1\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2027-01-01\"", StringComparison.Ordinal));
        var first = Path.Combine(_folder, "first.json");
        File.WriteAllText(first, json.Replace("\"effectiveTo\": null", "\"effectiveTo\": \"2026-11-30\"", StringComparison.Ordinal));
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "out")).FullName;

        var export = CliRun.Of("policy", "export", later, first, "-o", folder);
        var list = CliRun.Of("policy", "list", first, later);

        Assert.Equal(0, export.ExitCode);
        Assert.True(File.Exists(Path.Combine(folder, "sx-2026-b1.json")));
        Assert.True(File.Exists(Path.Combine(folder, "sx-2027.json")));
        var lines = list.Out.Trim().Split('\n');
        Assert.StartsWith("sx-2026-b1  2026-01-01 – 2026-11-30  140000", lines[0], StringComparison.Ordinal);
        Assert.Contains("fallback sx-2026-b1", lines[1], StringComparison.Ordinal);
        Assert.Equal("gap: no version in force 2026-12-01 – 2026-12-31", lines[2]);
    }

    [Theory]
    [InlineData(new[] { "prcie", "x.csv" }, "'prcie' is not a command of 'consumables'. Did you mean 'price'?")]
    [InlineData(new[] { "price", "--fromat", "json", "x.csv" }, "'--fromat' is not an option of 'consumables price'. Did you mean '--format'?")]
    [InlineData(new[] { "import", "prodcts" }, "Did you mean 'products'? (see 'consumables import --help')")]
    [InlineData(new[] { "validate", "--engine", "nrules", "p.json" }, "'--engine' is not an option of 'consumables validate'")]
    public void A_mistyped_verb_or_option_gets_the_nearest_name_and_a_help_pointer_that_exists(string[] args, string expected)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_option_of_a_subcommand_points_at_its_full_help()
    {
        var run = CliRun.Of("import", "products", "x.csv");

        Assert.Contains("(see 'consumables import products --help')", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("catalogue.csv", "is a catalogue table")]
    [InlineData("products.csv", "is NHSA's product table")]
    public void A_table_given_to_price_is_named_and_nothing_is_written(string file, string expected)
    {
        var run = CliRun.Of("price", Examples(file));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
        Assert.Empty(run.Bytes);
    }

    [Fact]
    public void A_policy_or_a_reconciliation_given_to_price_is_named_and_charge_lines_given_as_a_policy_too()
    {
        var policy = Path.Combine(_folder, "sx.json");
        File.WriteAllText(policy, PolicyVersion.Default.ToJson());
        var report = Path.Combine(_folder, "report.csv");
        CliRun.Of("reconcile", Examples("returned.csv"), "--format", "csv", "-o", report);

        var asInput = CliRun.Of("price", policy);
        var reportAsInput = CliRun.Of("price", report);
        var asPolicy = CliRun.Of("price", "--policy", CliRun.Example, CliRun.Example);

        Assert.Equal((2, string.Empty), (asInput.ExitCode, asInput.Out));
        Assert.Contains("is a policy file (consumables-policy/1), not charge lines: give it with --policy", asInput.Error, StringComparison.Ordinal);
        Assert.Equal((2, string.Empty), (reportAsInput.ExitCode, reportAsInput.Out));
        Assert.Contains("is a reconciliation report", reportAsInput.Error, StringComparison.Ordinal);
        Assert.Equal(2, asPolicy.ExitCode);
        Assert.Contains("is charge lines (CSV), not a policy file", asPolicy.Error, StringComparison.Ordinal);
        Assert.True(asPolicy.Error.Length < 300, asPolicy.Error);
    }

    [Fact]
    public void A_header_error_leaves_standard_output_empty()
    {
        var file = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(file, "med_list_codg,med_list_codg\nC1,C2\n");

        var run = CliRun.Of("price", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Out);
    }

    [Fact]
    public void A_long_message_is_cut_to_about_two_hundred_characters()
    {
        var shortened = ConsumablesCli.Shorten(new string('x', 2_000));

        Assert.Equal(ConsumablesCli.MessageLimit, shortened.IndexOf('…', StringComparison.Ordinal));
        Assert.EndsWith("(1,800 more characters)", shortened, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_prints_its_summary_on_standard_error_and_its_page_speaks_the_chosen_language()
    {
        var page = Path.Combine(_folder, "r.html");

        var run = CliRun.Of("reconcile", Examples("returned.csv"), "--format", "html", "-o", page, "--lang", "zh-CN");
        var english = CliRun.Of("reconcile", Examples("returned.csv"), "--format", "csv");

        var html = File.ReadAllText(page);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<h2>按原因汇总</h2>", html, StringComparison.Ordinal);
        Assert.Contains("先行自付比例 ratio", html, StringComparison.Ordinal);
        Assert.Contains("先行自付 preselfpay_amt", html, StringComparison.Ordinal);
        Assert.Matches(@"^共 \d+ 行：一致 \d+ 行，不一致 \d+ 行，无法对账 \d+ 行 → .*r\.html$", run.Error.Trim());
        Assert.Matches(@"^\d+ lines: \d+ agree, \d+ differ, \d+ could not be reconciled → standard output$", english.Error.Trim());
    }

    [Fact]
    public void The_engine_option_is_offered_only_by_the_verbs_that_price()
    {
        Assert.Contains("--engine", CliRun.Of("price", "--help").Out, StringComparison.Ordinal);
        Assert.Contains("--engine", CliRun.Of("explain", "--help").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("--engine", CliRun.Of("validate", "--help").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("--engine", CliRun.Of("diff", "--help").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("--engine", CliRun.Of("import", "catalogue", "--help").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_names_the_ratio_row_where_the_origin_came_from_and_the_parts_of_the_limit()
    {
        var run = CliRun.Of("explain", "--code", "C02010100200301200020000001", "--quantity", "1", "--price", "800", "--date", "2026-03-02", "--area", "141102");
        var chinese = CliRun.Of("explain", "--code", "C02010100200301200020000001", "--quantity", "1", "--price", "800", "--date", "2026-03-02", "--area", "141102", "--lang", "zh-CN");

        Assert.Contains("origin: imported (进口, 2) — the product registry of sx-2026-b1: C02010100200301200020000001, registration 国械注进20183130002", run.Out, StringComparison.Ordinal);
        Assert.Contains("ratio row: area 141100 (covers the line's insuplc_admdvs 141102), insutype 310, origin imported (进口, 2), class B, band any price → selfpay_prop 0.1500", run.Out, StringComparison.Ordinal);
        Assert.Contains("limit: basis procurement-winner 720.000000; entry maximum payment limit none; item cap 50000.000000 → pric_uplmt_amt 720.000000 (the smallest)", run.Out, StringComparison.Ordinal);
        Assert.Contains("先行自付 preselfpay_amt 108.00", chinese.Out, StringComparison.Ordinal);
        Assert.Contains("先行自付比例行 selfpay_prop: area 141100", chinese.Out, StringComparison.Ordinal);
    }
}
