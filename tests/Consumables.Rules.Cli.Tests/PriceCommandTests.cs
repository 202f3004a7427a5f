using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Consumables.Rules.Cli.Output;

namespace Consumables.Rules.Cli.Tests;

public sealed class PriceCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    private const string Header = "feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type,hosp_appr_flag,service_item_code\n";

    [Fact]
    public void Pricing_the_example_returns_every_line_in_order_and_exits_1()
    {
        var run = CliRun.Of("price", CliRun.Example, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal(["policies", "lines", "totals"], json.RootElement.EnumerateObject().Select(static p => p.Name));
        var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(22, lines.Count);
        Assert.Equal(Enumerable.Range(1, 22).Select(static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Select(static l => l.GetProperty("feedetl_sn").GetString()));
        Assert.Equal("procurement-winner", lines[0].GetProperty("price_basis").GetString());
        Assert.Equal("procurement-group", lines[2].GetProperty("price_basis").GetString());
        Assert.Equal(900.00m, lines[4].GetProperty("inscp_scp_amt").GetDecimal());
        Assert.Equal("self-pay", lines[9].GetProperty("price_basis").GetString());
        Assert.Equal("missing-ratio", lines[15].GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal("med_list_codg", lines[17].GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("not-listed", lines[14].GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal("unregistered-product", lines[19].GetProperty("warnings")[0].GetProperty("code").GetString());
        Assert.Equal("origin-conflict", lines[20].GetProperty("warnings")[0].GetProperty("code").GetString());
        Assert.Equal(15, json.RootElement.GetProperty("totals").GetProperty("priced").GetInt32());
    }

    [Fact]
    public void A_visit_prices_a_restricted_item_payable_when_its_surgery_is_billed_and_returns_the_surgery_as_context()
    {
        // Visit V1 bills open surgery 331501001 (a 06 line) beside the restricted haemostatic; visit V2 does not.
        const string Lines = """
            [
              {"feedetl_sn": "1", "mdtrt_id": "V1", "med_chrgitm_type": "06", "med_list_codg": "331501001", "cnt": "1", "pric": "1500", "fee_ocur_time": "2026-03-04 10:00:00", "insutype": "310", "insuplc_admdvs": "141100", "med_type": "21"},
              {"feedetl_sn": "2", "mdtrt_id": "V1", "med_chrgitm_type": "08", "med_list_codg": "C12010100300101600060000001", "cnt": "1", "pric": "250", "fee_ocur_time": "2026-03-04 11:10:00", "insutype": "310", "insuplc_admdvs": "141100", "prodplac_type": "1", "med_type": "21"},
              {"feedetl_sn": "3", "mdtrt_id": "V2", "med_chrgitm_type": "08", "med_list_codg": "C12010100300101600060000001", "cnt": "1", "pric": "250", "fee_ocur_time": "2026-03-04 11:10:00", "insutype": "310", "insuplc_admdvs": "141100", "prodplac_type": "1"},
              {"feedetl_sn": "4", "mdtrt_id": "V2", "med_chrgitm_type": "09", "med_list_codg": "not a code", "cnt": "1", "pric": "3", "fee_ocur_time": "2026-03-04 11:10:00", "insutype": "310", "insuplc_admdvs": "141100"}
            ]
            """;

        var run = CliRun.WithInput(Encoding.UTF8.GetBytes(Lines), "price", "-", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.True(lines[0].GetProperty("context").GetBoolean());
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("det_item_fee_sumamt").ValueKind);
        Assert.Equal(0, lines[0].GetProperty("errors").GetArrayLength());
        Assert.Equal(("V1", "06", "21"), (lines[0].GetProperty("mdtrt_id").GetString(), lines[0].GetProperty("med_chrgitm_type").GetString(), lines[0].GetProperty("med_type").GetString()));
        Assert.Equal((0.00m, 225.00m), (lines[1].GetProperty("fulamt_ownpay_amt").GetDecimal(), lines[1].GetProperty("inscp_scp_amt").GetDecimal()));
        Assert.Equal((250.00m, 0.00m), (lines[2].GetProperty("fulamt_ownpay_amt").GetDecimal(), lines[2].GetProperty("inscp_scp_amt").GetDecimal()));
        Assert.True(lines[3].GetProperty("context").GetBoolean());
        Assert.Equal((2, 2, 0), (json.RootElement.GetProperty("totals").GetProperty("context").GetInt32(), json.RootElement.GetProperty("totals").GetProperty("priced").GetInt32(), json.RootElement.GetProperty("totals").GetProperty("failed").GetInt32()));
    }

    [Fact]
    public void Csv_input_carries_the_visit_fields_and_the_hospitals_codes_through_a_mapping_table()
    {
        var map = Path.Combine(_folder, "map.csv");
        File.WriteAllText(map, "medins_list_codg,med_list_codg\nHIS-7,C12010100300101600060000001\n");
        var input = Path.Combine(_folder, "visit.csv");
        File.WriteAllText(input, "feedetl_sn,mdtrt_id,med_chrgitm_type,med_list_codg,medins_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type\n"
            + "1,V1,06,331501001,,1,1500,2026-03-04,310,141100,\n"
            + "2,V1,08,,HIS-7,1,250,2026-03-04,310,141100,1\n"
            + "3,V2,08,,HIS-8,1,250,2026-03-04,310,141100,1\n");

        var run = CliRun.Of("price", input, "--format", "json", "--mapping-table", map);

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(("HIS-7", "C12010100300101600060000001", 225.00m), (lines[1].GetProperty("medins_list_codg").GetString(), lines[1].GetProperty("priced_code").GetString(), lines[1].GetProperty("inscp_scp_amt").GetDecimal()));
        var error = lines[2].GetProperty("errors")[0];
        Assert.Equal(("unmapped-code", "medins_list_codg"), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
        Assert.Contains("HIS-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_not_listed_code_is_self_paid_only_with_the_explicit_option()
    {
        var input = Path.Combine(_folder, "notlisted.csv");
        File.WriteAllText(input, Header + "1,C99010100100101800080000001,1,120.00,2026-03-06,310,141100,1,0,\n");

        var strict = CliRun.Of("price", input, "--format", "json");
        var lenient = CliRun.Of("price", input, "--format", "json", "--not-listed-self-pay");

        Assert.Equal((1, 0), (strict.ExitCode, lenient.ExitCode));
        Assert.Contains("not-listed", Encoding.UTF8.GetString(lenient.Bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_adds_each_lines_trace()
    {
        var run = CliRun.Of("price", CliRun.Example, "--format", "json", "--explain");

        using var json = JsonDocument.Parse(run.Bytes);
        var trace = json.RootElement.GetProperty("lines")[4].GetProperty("trace");
        Assert.Contains(trace.EnumerateArray(), static e => e.GetProperty("rule").GetString() == "limit/maximum-payment-limit" && e.GetProperty("fired").GetBoolean());
        Assert.All(trace.EnumerateArray(), static e => Assert.True(e.TryGetProperty("because", out _)));
    }

    [Fact]
    public void A_gb18030_csv_is_read_as_gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = Write("gb.csv", Header + "备注行一,C03111608002007064100000001,1,1200.00,2026-03-02,310,141100,,0,\n", Encoding.GetEncoding("GB18030"));

        var run = CliRun.Of("price", path, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal("备注行一", json.RootElement.GetProperty("lines")[0].GetProperty("feedetl_sn").GetString());
    }

    [Fact]
    public void A_utf8_csv_with_a_bom_is_read()
    {
        var path = Write("bom.csv", Header + "一,C03111608002007064100000001,1,1200.00,2026-03-02,310,141100,,0,\n", new UTF8Encoding(true));

        var run = CliRun.Of("price", path, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal("一", json.RootElement.GetProperty("lines")[0].GetProperty("feedetl_sn").GetString());
    }

    [Fact]
    public void A_ragged_row_is_an_errored_line_and_the_others_are_priced()
    {
        var path = Write("ragged.csv", Header
            + "1,C03111608002007064100000001,1,1200.00,2026-03-02,310,141100,,0,\n"
            + "2,C03111608002007064100000001,1\n"
            + "3,\"C03111608002007064100000001\",1,\"1,20.00\",2026-03-02,310,141100,,0,\"multi\nline\"\n");

        var run = CliRun.Of("price", path, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        var lines = json.RootElement.GetProperty("lines");
        Assert.Equal(3, lines.GetArrayLength());
        Assert.Empty(lines[0].GetProperty("errors").EnumerateArray());
        Assert.Contains("fields", lines[1].GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("pric", lines[2].GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public void A_json_line_with_a_duplicate_field_is_an_errored_line()
    {
        var input = """[{"med_list_codg":"C03111608002007064100000001","cnt":1,"cnt":2,"pric":1200.00,"fee_ocur_time":"2026-03-02","insutype":"310","insuplc_admdvs":"141100"}]"""u8.ToArray();

        var run = CliRun.WithInput(input, "price", "-", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Contains("appears twice", json.RootElement.GetProperty("lines")[0].GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_input_exits_2_with_one_line()
    {
        var run = CliRun.WithInput("[{\"cnt\": 1"u8.ToArray(), "price", "-", "--format", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(Header)]
    public void An_empty_or_header_only_file_prices_no_line_and_exits_0(string content)
    {
        var run = CliRun.Of("price", Write("empty.csv", content), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal(0, json.RootElement.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public void Json_from_standard_input_is_priced()
    {
        var input = """[{"med_list_codg":"C03111608002007064100000001","cnt":1,"pric":1200.00,"fee_ocur_time":"2026-03-02 10:00:00","insutype":"310","insuplc_admdvs":"141100"}]"""u8.ToArray();

        var run = CliRun.WithInput(input, "price", "-", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal(100.00m, json.RootElement.GetProperty("lines")[0].GetProperty("preselfpay_amt").GetDecimal());
    }

    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("@x", "'@x")]
    [InlineData("-abc", "'-abc")]
    [InlineData("-12.50", "-12.50")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("-", "'-")]
    [InlineData("\r1", "'\r1")]
    [InlineData("－1", "'－1")]
    [InlineData("plain", "plain")]
    public void Csv_text_cells_a_spreadsheet_would_run_are_neutralised_and_negative_numbers_stay_numbers(string cell, string expected)
    {
        Assert.Equal(expected, CsvResultWriter.Neutralise(cell));
    }

    [Theory]
    [InlineData("-12.50", true)]
    [InlineData("-.5", true)]
    [InlineData("3", true)]
    [InlineData("-2+3", false)]
    [InlineData("1E2", false)]
    [InlineData("-", false)]
    [InlineData("1.2.3", false)]
    public void Only_plain_numbers_stay_unquoted_in_numeric_columns(string cell, bool plain)
    {
        Assert.Equal(plain, CsvResultWriter.IsPlainNumber(cell));
    }

    [Fact]
    public void Csv_output_neutralises_a_hostile_serial_number()
    {
        var path = Write("hostile.csv", Header + "=HYPERLINK(\"x\"),C03111608002007064100000001,1,1200.00,2026-03-02,310,141100,,0,\n");

        var run = CliRun.Of("price", path, "--format", "csv");

        Assert.Contains("'=HYPERLINK", Encoding.UTF8.GetString(run.Bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.csv")]
    [InlineData("charges.txt")]
    public void A_missing_or_unknown_input_exits_2_with_one_line(string name)
    {
        if (name.EndsWith(".txt", StringComparison.Ordinal))
        {
            Write(name, "x");
        }

        var run = CliRun.Of("price", Path.Combine(_folder, name));

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_usage_exits_2()
    {
        Assert.Equal(2, CliRun.Of("price").ExitCode);
        Assert.Equal(2, CliRun.Of("price", CliRun.Example, "--format", "xml").ExitCode);
    }

    [Fact]
    public void An_invalid_policy_exits_2_and_validate_lists_every_problem_with_its_path()
    {
        var policy = Write("bad.json", """{ "format": "consumables-policy/1", "id": "x", "province": "140000", "effectiveFrom": "2026-01-01", "itemCap": 50000, "catalogue": [ { "code": "C1", "name": "n", "category": "Q", "valueClass": "high" } ] }""");

        var price = CliRun.Of("price", "--policy", policy, CliRun.Example);
        var validate = CliRun.Of("validate", policy);

        Assert.Equal(2, price.ExitCode);
        Assert.Equal(2, validate.ExitCode);
        Assert.Contains("$.catalogue[0].code", validate.Out, StringComparison.Ordinal);
        Assert.Contains("$.catalogue[0].category", validate.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_accepts_the_default_policy_written_out()
    {
        var path = Write("default.json", Policy.PolicyVersion.Default.ToJson());

        var run = CliRun.Of("validate", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("valid", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_shows_a_changed_limit()
    {
        var old = Write("old.json", Policy.PolicyVersion.Default.ToJson());
        var @new = Write("new.json", Policy.PolicyVersion.Default.ToJson().Replace("\"maxPaymentLimit\": 1000.00", "\"maxPaymentLimit\": 1100.00", StringComparison.Ordinal));

        var run = CliRun.Of("diff", old, @new);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("~ catalogue[C03111608002007].maxPaymentLimit: 1000.00 → 1100.00", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_prints_the_trace_and_the_split()
    {
        var run = CliRun.Of("explain", "--code", "C03111608002007064100000001", "--quantity", "1", "--price", "1200", "--date", "2026-03-02", "--area", "141100");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("[fired] limit/maximum-payment-limit", run.Out, StringComparison.Ordinal);
        Assert.Contains("total 1200.00 = fully self-paid 0.00 + over-limit 200.00 + pre-self-pay 100.00 + in-policy-scope 900.00", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tool_as_a_real_process_writes_to_standard_output_and_exits_1_on_the_example()
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "consumables.dll");
        var start = new ProcessStartInfo("dotnet", [tool, "price", CliRun.Example, "--format", "csv"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(1, process.ExitCode);
        Assert.Equal(23, output.Trim().Split('\n').Length);
        Assert.Equal("15 priced, 7 failed → standard output", error.Trim());
    }
}

public sealed class BatchNeverDropsALineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-batch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Twenty_thousand_lines_with_four_bad_ones_give_twenty_thousand_results_four_with_errors_and_exit_1()
    {
        var csv = new StringBuilder("feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type,hosp_appr_flag,service_item_code\n");
        var bad = new HashSet<int> { 17, 5_000, 12_345, 19_999 };
        for (var i = 0; i < 20_000; i++)
        {
            csv.Append(bad.Contains(i)
                ? FormattableString.Invariant($"{i},C0311160800200706410,1,1200.00,2026-03-02,310,141100,1,0,\n")
                : FormattableString.Invariant($"{i},C03111608002007064100000001,{1 + (i % 3)},{100 + (i % 1500)}.00,2026-03-02,310,141100,1,0,\n"));
        }

        var path = Path.Combine(_folder, "batch.csv");
        File.WriteAllText(path, csv.ToString());

        var run = CliRun.Of("price", path, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(20_000, lines.Count);
        Assert.Equal(bad.Order(), lines.Where(static l => l.GetProperty("errors").GetArrayLength() > 0).Select(static l => int.Parse(l.GetProperty("feedetl_sn").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(19_996, json.RootElement.GetProperty("totals").GetProperty("priced").GetInt32());
    }
}
