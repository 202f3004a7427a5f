using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Consumables.Rules.Cli.Tests;

/// <summary>
/// The hostile cases of the second hardening round, each with the generator that makes it. Every case is answered
/// cleanly: exit 0 or 1 with every line back, or exit 2 with one message; never a stack trace.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    internal const string Header = "feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type,hosp_appr_flag,service_item_code";
    private const string Code = "C03111608002007064100000001";

    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A CSV line of the platform's fields.</summary>
    internal static string CsvLine(string sn, string cnt = "1", string pric = "1200.00", string code = Code) => $"{sn},{code},{cnt},{pric},2026-03-02,310,141100,1,0,";

    /// <summary>A JSON line object of the platform's fields, with extra raw JSON members appended.</summary>
    private static string JsonLine(string sn, string cnt = "\"1\"", string pric = "\"1200.00\"", string extra = "") =>
        $"{{\"feedetl_sn\":\"{sn}\",\"med_list_codg\":\"{Code}\",\"cnt\":{cnt},\"pric\":{pric},\"fee_ocur_time\":\"2026-03-02\",\"insutype\":\"310\",\"insuplc_admdvs\":\"141100\",\"prodplac_type\":\"1\"{extra}}}";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Each case: a name, the file's extension, its bytes, the exit status expected and the number of lines that must come back (exit 0/1).</summary>
    public static TheoryData<string> Cases => [.. Generators.Keys];

    private static readonly Dictionary<string, (string Extension, Func<byte[]> Make, int Exit, int Lines)> Generators = new()
    {
        ["two lines priced 5e28 (csv)"] = (".csv", () => Utf8(string.Join('\n', Header, CsvLine("1", pric: "50000000000000000000000000000"), CsvLine("2", pric: "5E28"), CsvLine("3")) + "\n"), 1, 3),
        ["two lines priced 5e28 (json)"] = (".json", () => Utf8($"[{JsonLine("1", pric: "5e28")},{JsonLine("2", pric: "50000000000000000000000000000")},{JsonLine("3")}]"), 1, 3),
        ["invalid UTF-8 in a JSON string"] = (".json", () => [.. Utf8($"[{JsonLine("1")},{{\"feedetl_sn\":\""), 0xC3, 0x28, 0xFF, .. Utf8($"\",\"cnt\":1}},{JsonLine("3")}]")], 1, 3),
        ["a lone surrogate in a JSON string"] = (".json", () => Utf8($"[{JsonLine("1")},{JsonLine("\\uD800")},{JsonLine("3")}]"), 1, 3),
        ["a price of 29 integer digits"] = (".csv", () => Utf8(string.Join('\n', Header, CsvLine("1", pric: "12345678901234567890123456789"), CsvLine("2")) + "\n"), 1, 2),
        ["a price of 30 significant digits"] = (".csv", () => Utf8(string.Join('\n', Header, CsvLine("1", pric: "1.23456789012345678901234567890"), CsvLine("2")) + "\n"), 1, 2),
        ["a line of 200,000 fields with one repeated"] = (".json", () => Utf8($"[{JsonLine("1", extra: string.Concat(Enumerable.Range(0, 200_000).Select(static i => $",\"x{i}\":1")) + ",\"x7\":2")},{JsonLine("2")}]"), 1, 2),
        ["a repeated lines key"] = (".json", () => Utf8($"{{\"lines\":[{JsonLine("1")}],\"lines\":[]}}"), 2, 0),
        ["an object without lines"] = (".json", () => Utf8($"{{\"rows\":[{JsonLine("1")}]}}"), 2, 0),
        ["an unterminated quote"] = (".csv", () => Utf8(string.Join('\n', Header, CsvLine("1"), "\"2," + CsvLine("x")[2..], CsvLine("3"), CsvLine("4")) + "\n"), 1, 4),
        ["a duplicate CSV header"] = (".csv", () => Utf8(Header + ",cnt\n" + CsvLine("1") + ",2\n"), 2, 0),
        ["a duplicate CSV header in another case"] = (".csv", () => Utf8(Header + ",CNT\n" + CsvLine("1") + ",2\n"), 2, 0),
        ["no recognised header"] = (".csv", () => Utf8("a,b,c\n1,2,3\n"), 2, 0),
        ["UTF-16 LE without a BOM"] = (".csv", () => new UnicodeEncoding(false, false).GetBytes(Header + "\n" + CsvLine("住院001") + "\n"), 0, 1),
        ["UTF-16 BE without a BOM"] = (".csv", () => new UnicodeEncoding(true, false).GetBytes(Header + "\n" + CsvLine("住院001") + "\n"), 0, 1),
        ["NUL bytes that are not UTF-16"] = (".csv", () => [.. Utf8(Header + "\n"), 0, 0, 0, 1, 2, 0, 0, 0, .. Utf8("\n")], 2, 0),
        ["an exponent-form JSON number"] = (".json", () => Utf8($"[{JsonLine("1", cnt: "1E0", pric: "1.2E3")}]"), 0, 1),
        ["a truncated wrapped JSON input"] = (".json", () => Utf8($"{{\"lines\":[{JsonLine("1")},{JsonLine("2")},{{\"feedetl_sn\":\"3"), 2, 0),
        ["content after the JSON array"] = (".json", () => Utf8($"[{JsonLine("1")}] [1]"), 2, 0),
        ["a JSON line that is not an object"] = (".json", () => Utf8($"[{JsonLine("1")},[1,2],\"x\",null,{JsonLine("5")}]"), 1, 5),
        ["a blank JSON input"] = (".json", () => Utf8(" \r\n\t "), 0, 0),
        ["a CSV record that never ends"] = (".csv", () => Utf8(Header + "\n1,\"" + new string('x', 17 * 1024 * 1024)), 2, 0),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_hostile_case_is_answered_cleanly(string name)
    {
        var (extension, make, exit, lines) = Generators[name];
        var path = Path.Combine(_folder, "input" + extension);
        File.WriteAllBytes(path, make());

        var run = CliRun.Of("price", path, "--format", "json");

        Assert.Equal(exit, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        if (exit == 2)
        {
            Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            return;
        }

        using var json = JsonDocument.Parse(run.Bytes);
        var back = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(lines, back.Count);
        Assert.Equal(Enumerable.Range(1, lines), back.Select(static l => l.GetProperty("line").GetInt32()));
        Assert.Equal(exit == 0, back.All(static l => l.GetProperty("errors").GetArrayLength() == 0));
    }

    [Fact]
    public void Two_lines_priced_5e28_are_errors_naming_pric_and_the_totals_hold_the_third()
    {
        var path = Path.Combine(_folder, "big.csv");
        File.WriteAllText(path, string.Join('\n', Header, CsvLine("1", pric: "5E28"), CsvLine("2", pric: "5E28"), CsvLine("3")) + "\n");

        var run = CliRun.Of("price", path, "--format", "json");

        using var json = JsonDocument.Parse(run.Bytes);
        var lines = json.RootElement.GetProperty("lines");
        Assert.Equal("pric", lines[0].GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("pric", lines[1].GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(1200.00m, json.RootElement.GetProperty("totals").GetProperty("det_item_fee_sumamt").GetDecimal());
    }

    [Fact]
    public void An_unterminated_quote_is_an_error_naming_its_line_and_the_next_rows_are_priced()
    {
        var path = Path.Combine(_folder, "quote.csv");
        File.WriteAllText(path, string.Join('\n', Header, CsvLine("1"), "\"2," + CsvLine("x")[2..], CsvLine("3"), CsvLine("4")) + "\n");

        var run = CliRun.Of("price", path, "--format", "json");

        using var json = JsonDocument.Parse(run.Bytes);
        var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Contains("CSV line 3", lines[1].GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["1", "3", "4"], new[] { lines[0], lines[2], lines[3] }.Select(static l => l.GetProperty("feedetl_sn").GetString()));
        Assert.All(new[] { lines[0], lines[2], lines[3] }, static l => Assert.Equal(0, l.GetProperty("errors").GetArrayLength()));
    }

    [Fact]
    public void Quoted_fields_with_commas_quotes_and_line_breaks_are_read()
    {
        var path = Path.Combine(_folder, "quoted.csv");
        File.WriteAllText(path, Header + "\r\n\"a,\"\"b\"\"\r\nc\"," + CsvLine("x")[2..] + "\r\n");

        var run = CliRun.Of("price", path, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal("a,\"b\"\r\nc", json.RootElement.GetProperty("lines")[0].GetProperty("feedetl_sn").GetString());
    }

    [Fact]
    public void Invalid_text_in_a_json_string_is_an_error_on_that_line_naming_the_field()
    {
        var path = Path.Combine(_folder, "text.json");
        File.WriteAllText(path, $"[{JsonLine("\\uD800")}]");

        var run = CliRun.Of("price", path, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Contains("feedetl_sn", json.RootElement.GetProperty("lines")[0].GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrapped_json_input_broken_late_is_refused_before_anything_is_written()
    {
        // The input is indexed before it is priced (refunds and visits may lie anywhere), so a break is found first.
        var run = CliRun.WithInput(Utf8($"{{\"lines\":[{JsonLine("1")},{JsonLine("2")},{{\"feedetl_sn\":"), "price", "-", "--format", "csv");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Bytes);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Json_from_a_pipe_is_read_in_small_pieces_with_or_without_a_bom(bool bom)
    {
        byte[] input = [.. bom ? "\uFEFF"u8.ToArray() : Array.Empty<byte>(), .. Utf8($"{{\"meta\":{{\"lines\":[1]}},\"lines\":[{JsonLine("1")},{JsonLine("住院2")}]}}")];

        var run = CliRun.WithPipedInput(input, "price", "-", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal("住院2", json.RootElement.GetProperty("lines")[1].GetProperty("feedetl_sn").GetString());
    }

    [Fact]
    public void Utf16_json_from_a_pipe_is_read()
    {
        var run = CliRun.WithPipedInput(new UnicodeEncoding(false, false).GetBytes($"[{JsonLine("住院1")}]"), "price", "-", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal("住院1", json.RootElement.GetProperty("lines")[0].GetProperty("feedetl_sn").GetString());
    }

    [Fact]
    public void An_exponent_form_json_number_is_read_exactly()
    {
        var run = CliRun.WithInput(Utf8($"[{JsonLine("1", cnt: "2E0", pric: "6.0E2")}]"), "price", "-", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal(1200.00m, json.RootElement.GetProperty("lines")[0].GetProperty("det_item_fee_sumamt").GetDecimal());
    }

    [Fact]
    public void Headers_are_matched_without_regard_to_case_in_csv_and_json()
    {
        var csv = Path.Combine(_folder, "upper.csv");
        File.WriteAllText(csv, Header.ToUpperInvariant() + "\n" + CsvLine("1") + "\n");
        var jsonPath = Path.Combine(_folder, "upper.json");
        File.WriteAllText(jsonPath, "[" + JsonLine("1").Replace("\"cnt\"", "\"CNT\"", StringComparison.Ordinal).Replace("\"pric\"", "\"Pric\"", StringComparison.Ordinal) + "]");

        var fromCsv = CliRun.Of("price", csv, "--format", "csv");
        var fromJson = CliRun.Of("price", jsonPath, "--format", "json");

        Assert.Equal(0, fromCsv.ExitCode);
        Assert.Equal(0, fromJson.ExitCode);
        Assert.Contains(",1,1200.00,", Encoding.UTF8.GetString(fromCsv.Bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Short_gb18030_text_that_is_valid_utf8_is_read_as_gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("GB18030");
        var bytes = gb.GetBytes(Header + "\n" + CsvLine("住院001") + "\n");
        Assert.True(System.Text.Unicode.Utf8.IsValid(bytes));
        var path = Path.Combine(_folder, "gb.csv");
        File.WriteAllBytes(path, bytes);

        var run = CliRun.Of("price", path, "--format", "json");

        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal("住院001", json.RootElement.GetProperty("lines")[0].GetProperty("feedetl_sn").GetString());
    }

    [Theory]
    [InlineData("utf-8", "住院001")]
    [InlineData("gb18030", "浣忛櫌001")]
    public void The_encoding_option_overrides_detection(string encoding, string expected)
    {
        var path = Path.Combine(_folder, "enc.csv");
        File.WriteAllText(path, Header + "\n" + CsvLine("住院001") + "\n", new UTF8Encoding(false));

        var run = CliRun.Of("price", path, "--format", "json", "--encoding", encoding);

        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal(expected, json.RootElement.GetProperty("lines")[0].GetProperty("feedetl_sn").GetString());
    }

    [Fact]
    public void A_gb18030_json_input_is_read_with_the_encoding_option()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes($"[{JsonLine("住院一号")}]");

        var run = CliRun.WithInput(bytes, "price", "-", "--format", "json", "--encoding", "gb18030");

        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal("住院一号", json.RootElement.GetProperty("lines")[0].GetProperty("feedetl_sn").GetString());
    }

    [Theory]
    [InlineData("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("＠SUM(A1)", "'＠SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    public void Csv_output_neutralises_formula_cells_in_text_columns(string serial, string expected)
    {
        var path = Path.Combine(_folder, "inject.json");
        File.WriteAllText(path, $"[{JsonLine(JsonEncodedText.Encode(serial).ToString())}]");

        var run = CliRun.Of("price", path, "--format", "csv");

        using var reader = new StringReader(Encoding.UTF8.GetString(run.Bytes).TrimStart('\uFEFF'));
        using var csv = new CsvHelper.CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        csv.Read();
        Assert.Equal(expected, csv.GetField("feedetl_sn"));
    }

    [Fact]
    public void Csv_output_keeps_numeric_columns_numbers_and_neutralises_a_formula_in_them()
    {
        var path = Path.Combine(_folder, "numbers.json");
        File.WriteAllText(path, $"[{JsonLine("1", cnt: "\"-2\"")},{JsonLine("2", cnt: "\"-2+3\"")}]");

        var run = CliRun.Of("price", path, "--format", "csv");

        var rows = Encoding.UTF8.GetString(run.Bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"1,1,{Code},-2,1200.00,", rows[1], StringComparison.Ordinal);
        Assert.Contains("-2400.00", rows[1], StringComparison.Ordinal);
        Assert.StartsWith($"2,2,{Code},'-2+3,", rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public void The_tab_separated_table_escapes_tabs_and_line_breaks_so_no_row_is_forged()
    {
        var path = Path.Combine(_folder, "forge.json");
        var forged = "1\t\t\t9999.00\ntotal\t\t0 priced\r\nx\\y";
        File.WriteAllText(path, $"[{JsonLine(JsonEncodedText.Encode(forged).ToString())}]");

        var run = CliRun.Of("price", path);

        var rows = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length); // header, the line, totals, policies
        Assert.Equal(10, rows[1].Split('\t').Length);
        Assert.Equal("1\\t\\t\\t9999.00\\ntotal\\t\\t0 priced\\r\\nx\\\\y", rows[1].Split('\t')[1]);
        Assert.Single(rows, static r => r.StartsWith("total\t", StringComparison.Ordinal));
    }
}
