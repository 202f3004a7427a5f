using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Consumables.Rules.Cli.Tests;

public sealed class ReconcileCommandTests : IDisposable
{
    private const string Header = "feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type,hosp_appr_flag,service_item_code,"
        + "det_item_fee_sumamt,pric_uplmt_amt,selfpay_prop,fulamt_ownpay_amt,overlmt_amt,preselfpay_amt,inscp_scp_amt,chrgitm_lv,lmt_used_flag\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-reconcile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Example => Path.Combine(CliRun.RepositoryRoot, "docs", "examples", "returned.csv");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static IEnumerable<string> ExampleLines(params string[] serials) =>
        File.ReadAllLines(Example).Skip(1).Where(l => serials.Contains(l.Split(',')[0]));

    [Fact]
    public void The_worked_example_in_reconcile_md_is_what_the_run_prints()
    {
        var document = File.ReadAllLines(Path.Combine(CliRun.RepositoryRoot, "docs", "reconcile.md"));
        var run = CliRun.Of("reconcile", Example, "--format", "json");
        using var json = JsonDocument.Parse(run.Bytes);
        var byLine = json.RootElement.GetProperty("lines").EnumerateArray().ToDictionary(
            static l => l.GetProperty("input").GetProperty("feedetl_sn").GetString()!,
            static l => l.GetProperty("status").GetString() == "error" ? "error"
                : l.GetProperty("status").GetString() == "agrees" ? "agrees"
                : string.Join(",", l.GetProperty("causes").EnumerateArray().Select(static c => c.GetString())));

        // The table: "| R04 | … | `ratio` | … |" (a range R01–R03 for the lines that agree).
        var rows = document.Where(static l => l.StartsWith("| R", StringComparison.Ordinal)).Select(static l => l.Split('|').Select(static c => c.Trim()).ToArray()).ToList();
        Assert.Equal(byLine.Count, rows.Sum(static r => r[1].Contains('–', StringComparison.Ordinal) ? 3 : 1));
        foreach (var row in rows)
        {
            var serials = row[1].Contains('–', StringComparison.Ordinal) ? ["R01", "R02", "R03"] : new[] { row[1] };
            Assert.All(serials, serial => Assert.Equal(row[3].Trim('`'), byLine[serial]));
        }

        // The summary block: each cause's lines, differences and amount.
        var open = Array.IndexOf(document, "```", Array.IndexOf(document, "The summary by cause:"));
        var summary = document[(open + 2)..Array.IndexOf(document, "```", open + 1)].Select(static l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        var printed = CliRun.Of("reconcile", Example).Out.Split('\n').Select(static l => l.TrimEnd('\r'))
            .SkipWhile(static l => !l.StartsWith("cause\tlines", StringComparison.Ordinal)).Skip(1).TakeWhile(static l => l.Length > 0 && !l.StartsWith("policies", StringComparison.Ordinal))
            .Select(static l => l.Replace('\t', ' ')).ToList();
        Assert.Equal(printed, summary);
    }

    [Fact]
    public void The_worked_example_names_each_cause_and_exits_1()
    {
        var run = CliRun.Of("reconcile", Example, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToDictionary(
            static l => l.GetProperty("feedetl_sn").GetString()!,
            static l => (Status: l.GetProperty("status").GetString(), Causes: string.Join(' ', l.GetProperty("causes").EnumerateArray().Select(static c => c.GetString()))));
        Assert.Equal(12, lines.Count);
        Assert.Equal(("agrees", string.Empty), lines["R01"]);
        Assert.Equal(("agrees", string.Empty), lines["R02"]);
        Assert.Equal(("agrees", string.Empty), lines["R03"]);
        Assert.Equal(("differs", "ratio"), lines["R04"]);
        Assert.Equal(("differs", "limit"), lines["R05"]);
        Assert.Equal(("differs", "rounding"), lines["R06"]);
        Assert.Equal(("differs", "rounding"), lines["R07"]);
        Assert.Equal(("differs", "total"), lines["R08"]);
        Assert.Equal(("differs", "category"), lines["R09"]);
        Assert.Equal(("differs", "unknown"), lines["R10"]);
        Assert.Equal(("differs", "unexplained"), lines["R11"]);
        Assert.Equal(("error", string.Empty), lines["R12"]);

        var ratio = Field(json, "R04", "preselfpay_amt");
        Assert.Equal(("100.00", "150.00", "ratio", 50.00m), (ratio.GetProperty("ours").GetString(), ratio.GetProperty("platform").GetString(), ratio.GetProperty("cause").GetString(), ratio.GetProperty("difference").GetDecimal()));
        var overLimit = Field(json, "R06", "overlmt_amt");
        Assert.Equal(("10.01", "10.00", "rounding"), (overLimit.GetProperty("ours").GetString(), overLimit.GetProperty("platform").GetString(), overLimit.GetProperty("cause").GetString()));
        var limit = Field(json, "R05", "pric_uplmt_amt");
        Assert.Equal(("8000.000000", "7800.000000", "limit"), (limit.GetProperty("ours").GetString(), limit.GetProperty("platform").GetString(), limit.GetProperty("cause").GetString()));
        Assert.True(Line(json, "R04").GetProperty("trace").GetArrayLength() > 0);
        Assert.Contains("pre-self-pay/ratio", Line(json, "R04").GetProperty("rules").EnumerateArray().Select(static r => r.GetString()));
        Assert.Equal("preselfpay_amt", Line(json, "R12").GetProperty("errors")[0].GetProperty("field").GetString());

        var totals = json.RootElement.GetProperty("totals");
        Assert.Equal((12, 3, 8, 1), (totals.GetProperty("lines").GetInt32(), totals.GetProperty("agree").GetInt32(), totals.GetProperty("differ").GetInt32(), totals.GetProperty("errors").GetInt32()));
        var summary = json.RootElement.GetProperty("summary").EnumerateArray().ToDictionary(
            static s => s.GetProperty("cause").GetString()!,
            static s => (s.GetProperty("lines").GetInt32(), s.GetProperty("amount").GetDecimal()));
        Assert.Equal((1, 50.00m), summary["ratio"]);
        Assert.Equal((1, 200.00m), summary["limit"]);
        Assert.Equal((2, 0.02m), summary["rounding"]);
        Assert.Equal((1, 5.50m), summary["total"]);
        Assert.Equal((1, 1000.00m), summary["category"]);
        Assert.Equal((1, 120.00m), summary["unknown"]);
        Assert.Equal((1, 250.00m), summary["unexplained"]);
    }

    [Fact]
    public void The_nrules_engine_finds_the_same_causes()
    {
        var compiled = CliRun.Of("reconcile", Example, "--format", "json");
        var nrules = CliRun.Of("reconcile", Example, "--format", "json", "--engine", "nrules");

        Assert.Equal(1, nrules.ExitCode);
        using var a = JsonDocument.Parse(compiled.Bytes);
        using var b = JsonDocument.Parse(nrules.Bytes);
        static IEnumerable<string> Causes(JsonDocument json) =>
            json.RootElement.GetProperty("lines").EnumerateArray().Select(static l => l.GetProperty("status").GetString() + ":" + string.Join(' ', l.GetProperty("causes").EnumerateArray().Select(static c => c.GetString())));
        Assert.Equal(Causes(a), Causes(b));
        Assert.Equal(a.RootElement.GetProperty("summary").GetRawText(), b.RootElement.GetProperty("summary").GetRawText());
    }

    private static JsonElement Line(JsonDocument json, string serial) =>
        json.RootElement.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("feedetl_sn").GetString() == serial);

    private static JsonElement Field(JsonDocument json, string serial, string field) =>
        Line(json, serial).GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetString() == field);

    [Fact]
    public void Lines_that_all_agree_exit_0_and_say_so()
    {
        var path = Write("agree.csv", Header + string.Join('\n', ExampleLines("R01", "R02", "R03")) + "\n");

        var run = CliRun.Of("reconcile", path);

        Assert.Equal(0, run.ExitCode);
        var rows = run.Out.Split('\n').Where(static l => l.Length > 0 && char.IsAsciiDigit(l[0])).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, static r => Assert.EndsWith("\tagrees", r, StringComparison.Ordinal));
        Assert.Contains("3 lines: 3 agree, 0 differ, 0 not reconciled", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_on_standard_input_carry_the_returned_fields_as_numbers()
    {
        var input = """
            [{"feedetl_sn": "j1", "med_list_codg": "C03111608002007064100000001", "cnt": 1, "pric": 1200.00, "fee_ocur_time": "2026-03-03 10:05:00",
              "insutype": "310", "insuplc_admdvs": "141100", "det_item_fee_sumamt": 1200.00, "selfpay_prop": 0.15, "preselfpay_amt": 150.00, "inscp_scp_amt": 850.00},
             7]
            """;

        var run = CliRun.WithInput(Encoding.UTF8.GetBytes(input), "reconcile", "-", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal(["ratio"], Line(json, "j1").GetProperty("causes").EnumerateArray().Select(static c => c.GetString()));
        Assert.Equal("error", json.RootElement.GetProperty("lines")[1].GetProperty("status").GetString());
    }

    [Fact]
    public void A_missing_input_or_a_bad_format_is_exit_2()
    {
        Assert.Equal(2, CliRun.Of("reconcile", Path.Combine(_folder, "none.csv")).ExitCode);
        Assert.Equal(2, CliRun.Of("reconcile", Example, "--format", "xml").ExitCode);
    }

    [Fact]
    public void The_table_names_each_differing_field_with_both_values_and_its_cause_then_the_summary()
    {
        var run = CliRun.Of("reconcile", Example);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("4\tR04\tC03111608002007064100000001\tdiffers\tpreselfpay_amt\t100.00\t150.00\tratio\t", run.Out, StringComparison.Ordinal);
        Assert.Contains("6\tR06\tC02010100200301100010000001\tdiffers\toverlmt_amt\t10.01\t10.00\trounding\t", run.Out, StringComparison.Ordinal);
        Assert.Contains("5\tR05\tC01010100101001047440000001\tdiffers\tpric_uplmt_amt\t8000.000000\t7800.000000\tlimit\t", run.Out, StringComparison.Ordinal);
        Assert.Contains("1\tR01\tC02010100200301100010000001\tagrees", run.Out, StringComparison.Ordinal);
        Assert.Contains("\ncause\tlines\tdifferences\tamount\n", run.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\nratio\t1\t3\t50.00\n", run.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_csv_has_a_row_per_field_and_a_summary_row_per_cause()
    {
        var output = Path.Combine(_folder, "out.csv");

        var run = CliRun.Of("reconcile", Example, "--format", "csv", "-o", output);

        Assert.Equal(1, run.ExitCode);
        var rows = File.ReadAllLines(output, Encoding.UTF8);
        Assert.Equal("line,feedetl_sn,med_list_codg,status,field,ours,platform,difference,cause,explanation,rules", rows[0].TrimStart('\uFEFF'));
        Assert.Equal(9, rows.Count(static r => r.StartsWith("1,R01,", StringComparison.Ordinal)));
        Assert.Contains(rows, static r => r.StartsWith("4,R04,C03111608002007064100000001,differs,preselfpay_amt,100.00,150.00,50.00,ratio,", StringComparison.Ordinal));
        Assert.Equal(7, rows.Count(static r => r.StartsWith("summary,", StringComparison.Ordinal)));
        Assert.Contains("summary,,,,,,,50.00,ratio,\"1 lines, 3 differences\",", rows);
    }

    [Fact]
    public void The_html_page_refers_to_nothing_outside_itself_and_embeds_the_summary()
    {
        var output = Path.Combine(_folder, "page.html");
        var json = CliRun.Of("reconcile", Example, "--format", "json");

        var run = CliRun.Of("reconcile", Example, "--format", "html", "-o", output);

        Assert.Equal(1, run.ExitCode);
        var document = new HtmlParser().ParseDocument(File.ReadAllText(output));
        AssertSelfContained(document);

        var bodies = document.QuerySelectorAll("#differences > tbody.line");
        Assert.Equal(["4", "5", "6", "7", "8", "9", "10", "11", "12"], bodies.Select(static b => b.GetAttribute("data-line")));
        Assert.Equal("ratio", bodies[0].GetAttribute("data-causes"));
        Assert.Equal("50.00", bodies[0].GetAttribute("data-amount"));
        Assert.Equal("error", bodies[^1].GetAttribute("data-status"));
        Assert.All(bodies, static b => Assert.NotNull(b.QuerySelector("tr.explanation details > summary")));
        Assert.Contains("Follows from the ratio", bodies[0].QuerySelector("details")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["line", "feedetl_sn", "med_list_codg", "status", "fields", "causes", "amount"], document.QuerySelectorAll("#differences > thead button").Select(static b => b.TextContent));

        using var embedded = JsonDocument.Parse(document.QuerySelector("script#reconciliation-data")!.TextContent);
        using var expected = JsonDocument.Parse(json.Bytes);
        Assert.Equal(
            expected.RootElement.GetProperty("summary").EnumerateArray().Select(static s => (s.GetProperty("cause").GetString(), s.GetProperty("lines").GetInt32(), s.GetProperty("amount").GetDecimal())),
            embedded.RootElement.GetProperty("summary").EnumerateArray().Select(static s => (s.GetProperty("cause").GetString(), s.GetProperty("lines").GetInt32(), s.GetProperty("amount").GetDecimal())));
        Assert.Equal(8, embedded.RootElement.GetProperty("totals").GetProperty("differ").GetInt32());
        var bars = document.QuerySelectorAll("svg#cause-chart g.bar");
        Assert.Equal(["total", "category", "limit", "ratio", "rounding", "unknown", "unexplained"], bars.Select(static b => b.GetAttribute("data-cause")));
        Assert.All(bars, static b => Assert.Equal(2, b.QuerySelectorAll("rect").Length));
    }

    [Fact]
    public void Hostile_text_is_encoded_in_the_page_and_every_line_comes_back()
    {
        var differing = ExampleLines("R04").Single();
        var path = Write("hostile.csv", Header
            + "\"</script><script>alert(1)</script>\"" + differing[differing.IndexOf(',', StringComparison.Ordinal)..] + "\n"
            + "\"<img src=x onerror=alert(1)>\",C14010200100101300010000010,1,5.50,2026-03-05,310,141100,,0,,=1+1,,,,,,,,\n"
            + "ragged,row\n"
            + "\"a\tb\r\nc\",C14010200100101300010000010,1,5.50,2026-03-05,310,141100,,0,,5.50,50000.000000,0.1000,0.00,0.00,0.55,4.95,02,0\n");
        var output = Path.Combine(_folder, "hostile.html");

        var html = CliRun.Of("reconcile", path, "--format", "html", "-o", output);
        var json = CliRun.Of("reconcile", path, "--format", "json");
        var table = CliRun.Of("reconcile", path);

        Assert.Equal((1, 1, 1), (html.ExitCode, json.ExitCode, table.ExitCode));
        var document = new HtmlParser().ParseDocument(File.ReadAllText(output));
        AssertSelfContained(document);
        Assert.Equal(2, document.QuerySelectorAll("script").Length);
        Assert.Empty(document.QuerySelectorAll("img"));
        Assert.Equal("</script><script>alert(1)</script>", document.QuerySelector("#differences tbody.line td:nth-child(2)")!.TextContent);
        using var lines = JsonDocument.Parse(json.Bytes);
        Assert.Equal(["differs", "error", "error", "agrees"], lines.RootElement.GetProperty("lines").EnumerateArray().Select(static l => l.GetProperty("status").GetString()));
        Assert.All(Enumerable.Range(1, 4), n => Assert.Contains(table.Out.Split('\n'), l => l.StartsWith(n.ToString(CultureInfo.InvariantCulture) + "\t", StringComparison.Ordinal)));
    }

    /// <summary>No element loads anything: no reference attribute, no embedding element, no url() or @import in styles, no network call in scripts.</summary>
    private static void AssertSelfContained(IDocument document)
    {
        string[] referenceAttributes = ["src", "href", "srcset", "action", "formaction", "poster", "data", "background", "ping", "manifest", "xlink:href", "codebase", "cite", "longdesc"];
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.DoesNotContain(attribute.Name, referenceAttributes);
                Assert.False(attribute.Name.StartsWith("on", StringComparison.Ordinal), $"{element.LocalName} has an event attribute {attribute.Name}");
            }
        }

        Assert.Empty(document.QuerySelectorAll("link, base, iframe, frame, object, embed, img, picture, source, audio, video, track, image, use, meta[http-equiv]"));
        foreach (var style in document.QuerySelectorAll("style").Select(static s => s.TextContent).Concat(document.All.Select(static e => e.GetAttribute("style") ?? string.Empty)))
        {
            Assert.DoesNotContain("url(", style, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@import", style, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var script in document.QuerySelectorAll("script").Select(static s => s.TextContent))
        {
            foreach (var call in (string[])["fetch(", "XMLHttpRequest", "import(", "WebSocket", "EventSource", "sendBeacon", "http:", "https:", "//cdn"])
            {
                Assert.DoesNotContain(call, script, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    /// <summary>
    /// Opens the page in headless Chromium when one is installed (the check needs a real browser and is skipped without
    /// one; the tests above check the page and its data without a browser): a click on "amount", twice, sorts the lines
    /// by amount, largest first, each line's explanation still under it.
    /// </summary>
    [Fact]
    public void The_page_sorts_by_a_column_in_a_real_browser()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            return;
        }

        var output = Path.Combine(_folder, "page.html");
        Assert.Equal(1, CliRun.Of("reconcile", Example, "--format", "html", "-o", output).ExitCode);
        const string Click = "<script>var b = document.querySelectorAll('#differences thead button')[6]; b.click(); b.click();</script>";
        File.WriteAllText(output, File.ReadAllText(output).Replace("</body>", Click + "</body>", StringComparison.Ordinal));

        var start = new ProcessStartInfo(chromium)
        {
            ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=2000", "--dump-dom", new Uri(output).AbsoluteUri },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var browser = Process.Start(start)!;
        var dom = browser.StandardOutput.ReadToEnd();
        browser.WaitForExit(60_000);

        var document = new HtmlParser().ParseDocument(dom);
        var amounts = document.QuerySelectorAll("#differences > tbody.line").Select(static b => decimal.Parse(b.GetAttribute("data-amount")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(9, amounts.Count);
        Assert.Equal(amounts.OrderByDescending(static a => a), amounts);
        Assert.NotEqual(Enumerable.Range(4, 9).Select(static n => n.ToString(CultureInfo.InvariantCulture)), document.QuerySelectorAll("#differences > tbody.line").Select(static b => b.GetAttribute("data-line")));
        Assert.Equal("descending", document.QuerySelectorAll("#differences > thead th")[6].GetAttribute("aria-sort"));
        Assert.All(document.QuerySelectorAll("#differences > tbody.line"), static b => Assert.Equal(2, b.Children.Length));
    }
}
