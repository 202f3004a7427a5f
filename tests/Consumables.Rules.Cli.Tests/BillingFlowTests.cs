using System.Text;
using System.Text.Json;

namespace Consumables.Rules.Cli.Tests;

/// <summary>Lines as hospitals send them: refunds naming their sale, visits split across a file, service items in their national form, mistyped charge item types.</summary>
public sealed class BillingFlowTests : IDisposable
{
    // 2025: limit 800, 20 %. 2026: limit 1000, 10 %. Haemostatic C12010100300101: restricted to service item 331501001.
    private const string Old = """
        { "format": "consumables-policy/1", "id": "sx-2025", "province": "140000", "effectiveFrom": "2025-01-01", "effectiveTo": "2025-12-31", "itemCap": 50000,
          "catalogue": [ { "code": "C03111608002007", "name": "儿童骨板", "category": "B", "valueClass": "low", "maxPaymentLimit": 800 } ],
          "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.20 } ] }
        """;

    private const string New = """
        { "format": "consumables-policy/1", "id": "sx-2026", "province": "140000", "effectiveFrom": "2026-01-01", "itemCap": 50000,
          "catalogue": [ { "code": "C03111608002007", "name": "儿童骨板", "category": "B", "valueClass": "low", "maxPaymentLimit": 1000 } ],
          "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.10 } ] }
        """;

    private const string Header = "feedetl_sn,init_feedetl_sn,mdtrt_id,med_chrgitm_type,med_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type\n";
    private const string Plate = "C03111608002007064100000001";
    private const string Haemostatic = "C12010100300101600060000001";

    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-flow-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private List<JsonElement> Lines(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Bytes);
        return [.. json.RootElement.GetProperty("lines").EnumerateArray().Select(static l => l.Clone())];
    }

    private static decimal[] Parts(JsonElement line) =>
        [.. new[] { "det_item_fee_sumamt", "fulamt_ownpay_amt", "overlmt_amt", "preselfpay_amt", "inscp_scp_amt" }.Select(f => line.GetProperty(f).GetDecimal())];

    private CliRun Price(string csv, params string[] more) =>
        CliRun.Of(["price", "--policy", Write("old.json", Old), "--policy", Write("new.json", New), Write("lines.csv", csv), "--format", "json", .. more]);

    [Fact]
    public void A_refund_after_go_live_is_the_exact_negative_of_its_sale_under_the_2025_policy()
    {
        var run = Price(Header
            + $"S1,,V1,08,{Plate},1,1200,2025-12-30 10:00:00,310,141100,1\n"
            + $"R1,S1,V2,08,{Plate},-1,1200,2026-01-02 09:00:00,310,141100,1\n");

        Assert.Equal(0, run.ExitCode);
        var lines = Lines(run);
        Assert.Equal([1200m, 0m, 400m, 160m, 640m], Parts(lines[0]));
        Assert.Equal(Parts(lines[0]).Select(static v => -v), Parts(lines[1]));
        Assert.Equal(["sx-2025", "sx-2025"], lines.Select(static l => l.GetProperty("policy_id").GetString()));
        Assert.Equal("S1", lines[1].GetProperty("init_feedetl_sn").GetString());
    }

    [Fact]
    public void A_refund_before_its_sale_in_the_file_waits_for_it_and_the_lines_keep_their_order()
    {
        var run = Price(Header
            + $"R1,S1,,08,{Plate},-1,1200,2026-01-02,310,141100,1\n"
            + $"X1,,,08,{Plate},1,1200,2026-01-03,310,141100,1\n"
            + $"S1,,,08,{Plate},1,1200,2025-12-30,310,141100,1\n", "--explain");

        var lines = Lines(run);
        Assert.Equal(["R1", "X1", "S1"], lines.Select(static l => l.GetProperty("feedetl_sn").GetString()));
        Assert.Equal(Parts(lines[2]).Select(static v => -v), Parts(lines[0]));
        Assert.Equal("sx-2025", lines[0].GetProperty("policy_id").GetString());
        Assert.Contains(lines[0].GetProperty("trace").EnumerateArray(), static e => e.GetProperty("rule").GetString() == "refund/mirrors-sale");
    }

    [Fact]
    public void A_refund_whose_sale_is_not_in_the_file_is_priced_on_its_own_date_with_refund_unmatched()
    {
        var run = Price(Header + $"R1,S9,V1,08,{Plate},-1,1200,2026-01-02,310,141100,1\n");

        var line = Assert.Single(Lines(run));
        Assert.Equal("sx-2026", line.GetProperty("policy_id").GetString());
        Assert.Equal([-1200m, 0m, -200m, -100m, -900m], Parts(line));
        Assert.Contains(line.GetProperty("warnings").EnumerateArray(), static w => w.GetProperty("code").GetString() == "refund-unmatched");
    }

    [Fact]
    public void A_refund_over_its_sale_or_naming_no_sale_is_an_error_and_exit_1()
    {
        var run = Price(Header
            + $"S1,,V1,08,{Plate},2,1200,2025-12-30,310,141100,1\n"
            + $"R1,S1,V2,08,{Plate},-1,1200,2026-01-02,310,141100,1\n"
            + $"R2,S1,V3,08,{Plate},-2,1200,2026-01-02,310,141100,1\n"
            + $"R3,R1,V4,08,{Plate},-1,1200,2026-01-02,310,141100,1\n");

        Assert.Equal(1, run.ExitCode);
        var lines = Lines(run);
        Assert.Empty(lines[1].GetProperty("errors").EnumerateArray());
        Assert.Equal("refund-exceeds-sale", lines[2].GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal("refund-not-a-sale", lines[3].GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public void The_lines_of_one_visit_are_priced_together_wherever_they_lie_and_whatever_the_case_of_its_id()
    {
        // Visits A, B, A: the surgery billed in A's second part unlocks A's restricted haemostatic (250 × 90 % = 225).
        var run = CliRun.Of("price", Write("visits.csv", Header
            + $"1,,A1,08,{Haemostatic},1,250,2026-03-04,310,141100,1\n"
            + $"2,,B1,08,{Haemostatic},1,250,2026-03-04,310,141100,1\n"
            + "3,, a1 ,06,003315010010000,1,1500,2026-03-04,310,141100,\n"), "--format", "json");

        var lines = Lines(run);
        Assert.Equal(["1", "2", "3"], lines.Select(static l => l.GetProperty("feedetl_sn").GetString()));
        Assert.Equal(225m, lines[0].GetProperty("inscp_scp_amt").GetDecimal());
        Assert.Equal(250m, lines[1].GetProperty("fulamt_ownpay_amt").GetDecimal());
    }

    [Fact]
    public void A_surgery_charged_and_refunded_in_the_visit_unlocks_nothing()
    {
        var run = CliRun.Of("price", Write("refunded.csv", Header
            + "1,,V1,06,003315010010000,1,1500,2026-03-04,310,141100,\n"
            + $"2,,V1,08,{Haemostatic},1,250,2026-03-04,310,141100,1\n"
            + "3,1,V1,06,003315010010000,-1,1500,2026-03-04,310,141100,\n"), "--format", "json");

        Assert.Equal(250m, Lines(run)[1].GetProperty("fulamt_ownpay_amt").GetDecimal());
    }

    [Theory]
    [InlineData("8")]
    [InlineData("卫生材料费")]
    [InlineData("008")]
    public void A_mistyped_med_chrgitm_type_is_an_error_naming_the_field_and_exit_1(string type)
    {
        var run = CliRun.Of("price", Write("typed.csv", Header + $"1,,V1,{type},{Plate},1,2400,2026-03-04,310,141100,1\n"), "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var error = Lines(run)[0].GetProperty("errors")[0];
        Assert.Equal(("invalid-field", "med_chrgitm_type"), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
    }

    [Fact]
    public void Mdtrtarea_admvs_is_read_and_echoed()
    {
        var run = CliRun.Of("price", Write("area.csv", "feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,mdtrtarea_admvs,prodplac_type\n"
            + $"1,{Plate},1,1200,2026-03-04,310,110100,141100,1\n"), "--format", "json");

        var line = Assert.Single(Lines(run));
        Assert.Equal(("141100", 0.1000m), (line.GetProperty("mdtrtarea_admvs").GetString(), line.GetProperty("selfpay_prop").GetDecimal()));
    }
}
