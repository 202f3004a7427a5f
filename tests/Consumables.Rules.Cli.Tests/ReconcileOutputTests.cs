using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Consumables.Rules.Cli.Reconcile;

namespace Consumables.Rules.Cli.Tests;

/// <summary>Reconcile's outputs at scale and with refunds: numbers stay numbers, the page stays small, a bad limit is an error.</summary>
public sealed partial class ReconcileOutputTests : IDisposable
{
    private const string Header = "feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type,hosp_appr_flag,service_item_code,"
        + "det_item_fee_sumamt,pric_uplmt_amt,selfpay_prop,fulamt_ownpay_amt,overlmt_amt,preselfpay_amt,inscp_scp_amt,chrgitm_lv,lmt_used_flag\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-reconcile-output-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Line(string serial, string total = "590.00", string limit = "590.000000", string cnt = "1") =>
        $"{serial},C02010100200301100010000001,{cnt},590.00,2026-03-02 09:15:00,310,141100,,0,,{total},{limit},0.1000,0.00,0.00,59.00,531.00,02,0\n";

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [GeneratedRegex("<tbody class=\"line\"")]
    private static partial Regex ListedLine();

    [GeneratedRegex("<tr class=\"explanation\">")]
    private static partial Regex Explanation();

    [Fact]
    public void A_refund_line_keeps_its_negative_amounts_numbers_in_the_csv()
    {
        var input = Write("refund.csv", Header + Line("R1", total: "-590.00", cnt: "-1"));

        var run = CliRun.Of("reconcile", input, "--format", "csv");

        var text = Encoding.UTF8.GetString(run.Bytes);
        Assert.Contains(",-590.00,", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'-", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_returned_limit_below_zero_is_an_error_on_its_line()
    {
        var input = Write("negative.csv", Header + Line("R1", limit: "-1.000000") + Line("R2"));

        var run = CliRun.Of("reconcile", input, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Bytes);
        var lines = json.RootElement.GetProperty("lines");
        Assert.Equal("error", lines[0].GetProperty("status").GetString());
        Assert.Contains("pric_uplmt_amt", lines[0].GetRawText(), StringComparison.Ordinal);
        Assert.Contains("below zero", lines[0].GetRawText(), StringComparison.Ordinal);
        Assert.Equal("agrees", lines[1].GetProperty("status").GetString());
    }

    [Fact]
    public void The_page_lists_a_capped_number_of_lines_explains_fewer_and_says_how_many_more_differ()
    {
        var count = HtmlReconciliationWriter.MaxListed + 500;
        var text = new StringBuilder(Header);
        for (var i = 0; i < count; i++)
        {
            text.Append(Line(i.ToString(CultureInfo.InvariantCulture), total: "600.00"));
        }

        var input = Write("many.csv", text.ToString());
        var page = Path.Combine(_folder, "page.html");

        var run = CliRun.Of("reconcile", input, "--format", "html", "-o", page);

        Assert.Equal(1, run.ExitCode);
        var html = File.ReadAllText(page);
        Assert.Equal(HtmlReconciliationWriter.MaxListed, ListedLine().Count(html));
        Assert.Equal(HtmlReconciliationWriter.MaxExplained, Explanation().Count(html));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{count:N0} lines differ or could not be reconciled"), html, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{count} lines: 0 agree, {count} differ"), html, StringComparison.Ordinal);
        // The explained lines carry the rules' trace, which grows with the standard rules (about 10 MB with 34 rules).
        Assert.True(new FileInfo(page).Length < 11_000_000, $"the page is {new FileInfo(page).Length:N0} bytes");
    }
}
