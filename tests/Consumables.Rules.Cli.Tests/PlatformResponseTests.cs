using System.Text;
using System.Text.Json;

namespace Consumables.Rules.Cli.Tests;

/// <summary>Reconcile reads the platform's responses as they come: the 2301 envelope, numbers, the no-limit sentinel, visits, <c>--sent</c>.</summary>
public sealed class PlatformResponseTests() : TempFolder("consumables-platform-")
{
    // Under the embedded default: C03111608002007 (儿童骨板) is class B with limit 1000; Lüliang employees' domestic ratio is 10%.
    private const string Sent = """
        mdtrt_id,feedetl_sn,med_list_codg,med_chrgitm_type,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type,hosp_appr_flag
        V1,S1,C03111608002007064100000001,08,1,900.00,2026-03-02 09:00:00,310,141100,1,0
        V1,S2,C03111608002007064100000002,08,2,450.00,2026-03-02 09:05:00,310,141100,1,0
        """;

    private static string Line(string serial, string total, string limit, string ratio, string preSelfPay, string inScope, string restricted = "0") =>
        $$"""{ "memo": null, "inscp_scp_amt": {{inScope}}, "preselfpay_amt": {{preSelfPay}}, "feedetl_sn": "{{serial}}", "det_item_fee_sumamt": {{total}}, "pric_uplmt_amt": {{limit}}, "selfpay_prop": {{ratio}}, "fulamt_ownpay_amt": 0.0, "overlmt_amt": 0.0, "chrgitm_lv": "02", "bas_medn_flag": "0", "lmt_used_flag": "{{restricted}}" }""";

    private static string Envelope(params string[] lines) =>
        $$"""{ "infcode": "0", "err_msg": null, "output": { "result": [ {{string.Join(", ", lines)}} ] }, "respond_time": "20260302090512000" }""";

    private (CliRun Run, JsonDocument Json) Reconcile(string response, string name = "response.json") =>
        Reconcile(CliRun.Of("reconcile", "--sent", Write("sent.csv", Sent), Write(name, response), "--format", "json"));

    private static (CliRun, JsonDocument) Reconcile(CliRun run) => (run, JsonDocument.Parse(run.Bytes));

    private static string[] Statuses(JsonDocument json) =>
        [.. json.RootElement.GetProperty("lines").EnumerateArray().Select(static l => l.GetProperty("status").GetString()!)];

    [Fact]
    public void The_2301_envelope_with_json_numbers_and_unknown_fields_agrees_line_by_line()
    {
        var (run, json) = Reconcile(Envelope(Line("S1", "900.0", "1000.000000", "0.1", "90.0", "810.0"), Line("S2", "900", "1000", "0.1000", "90.00", "810.00")));

        Assert.True(run.ExitCode == 0, run.Text + run.Error);
        Assert.Equal(["agrees", "agrees"], Statuses(json));
    }

    [Fact]
    public void The_no_limit_sentinel_agrees_where_the_rules_limit_does_not_bind_and_is_a_limit_difference_where_it_does()
    {
        var (run, json) = Reconcile(Envelope(Line("S1", "900.0", "999999", "0.1", "90.0", "810.0"), Line("S2", "900.0", "999999.000000", "0.1", "90.0", "810.0")));

        Assert.Equal(0, run.ExitCode);
        var field = json.RootElement.GetProperty("lines")[0].GetProperty("fields").EnumerateArray().Single(static f => f.GetProperty("field").GetString() == "pric_uplmt_amt");
        Assert.Equal("999999 (no limit)", field.GetProperty("platform").GetString());

        var sent = Write("over.csv", Sent.Replace(",1,900.00,", ",1,1200.00,", StringComparison.Ordinal));
        var over = CliRun.Of("reconcile", "--sent", sent, Write("over.json", Envelope(Line("S1", "1200.0", "999999", "0.1", "120.0", "1080.0"))), "--format", "json");
        using var overJson = JsonDocument.Parse(over.Bytes);
        var causes = overJson.RootElement.GetProperty("lines")[0].GetProperty("causes").EnumerateArray().Select(static c => c.GetString()).ToList();
        Assert.Equal(["limit"], causes);
    }

    [Fact]
    public void A_bare_array_and_a_lines_object_are_read_as_the_envelope_is()
    {
        var lines = new[] { Line("S1", "900.0", "1000", "0.1", "90.0", "810.0"), Line("S2", "900.0", "1000", "0.1", "90.0", "810.0") };

        var (array, arrayJson) = Reconcile("[" + string.Join(",", lines) + "]", "array.json");
        var (wrapped, wrappedJson) = Reconcile("{\"lines\": [" + string.Join(",", lines) + "]}", "wrapped.json");

        Assert.Equal((0, 0), (array.ExitCode, wrapped.ExitCode));
        Assert.Equal(Statuses(arrayJson), Statuses(wrappedJson));
    }

    [Fact]
    public void A_negative_returned_limit_is_an_error_on_the_line()
    {
        var (run, json) = Reconcile(Envelope(Line("S1", "900.0", "-1", "0.1", "90.0", "810.0"), Line("S2", "900.0", "1000", "0.1", "90.0", "810.0")));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["error", "agrees"], Statuses(json));
        Assert.Contains("below zero", json.RootElement.GetProperty("lines")[0].GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_returned_line_the_sent_file_does_not_hold_is_an_error_naming_its_serial()
    {
        var (run, json) = Reconcile(Envelope(Line("S9", "900.0", "1000", "0.1", "90.0", "810.0")));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("feedetl_sn 'S9'", json.RootElement.GetProperty("lines")[0].GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Serials_shared_by_visits_are_told_apart_by_the_echoed_cnt_and_pric()
    {
        var sent = Write("month.csv", Sent + "\nV2,S1,C03111608002007064100000003,08,3,300.00,2026-03-09 10:00:00,310,141100,1,0\n");
        var response = Write("v2.json", Envelope("""{ "feedetl_sn": "S1", "cnt": 3.0, "pric": 300.0, "det_item_fee_sumamt": 900.0, "pric_uplmt_amt": 1000, "selfpay_prop": 0.1, "preselfpay_amt": 90.0, "inscp_scp_amt": 810.0 }"""));

        var run = CliRun.Of("reconcile", "--sent", sent, response, "--format", "json");

        Assert.True(run.ExitCode == 0, run.Text + run.Error);
        using var json = JsonDocument.Parse(run.Bytes);
        Assert.Equal("C03111608002007064100000003", json.RootElement.GetProperty("lines")[0].GetProperty("med_list_codg").GetString());
    }

    [Fact]
    public void An_error_envelope_is_reported_with_its_message()
    {
        var run = CliRun.Of("reconcile", "--sent", Write("sent.csv", Sent), Write("error.json", """{ "infcode": "-1", "err_msg": "就诊信息不存在", "output": null }"""));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("infcode -1", run.Error, StringComparison.Ordinal);
        Assert.Contains("就诊信息不存在", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restricted_item_paid_because_its_visit_bills_the_named_service_item_agrees_when_the_visit_is_priced_together()
    {
        var policy = Write("policy.json", """
            { "format": "consumables-policy/1", "id": "visits", "province": "140000", "effectiveFrom": "2026-01-01", "itemCap": 50000,
              "catalogue": [ { "code": "C03111608002007", "name": "儿童骨板", "category": "B", "valueClass": "high", "maxPaymentLimit": 1000,
                               "restriction": { "text": "限骨折内固定术", "serviceItems": ["331501001"] } } ],
              "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.10 } ] }
            """);
        var sent = Write("visit.csv", """
            mdtrt_id,feedetl_sn,med_list_codg,med_chrgitm_type,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type,hosp_appr_flag
            V1,S1,331501001,02,1,600.00,2026-03-02 09:00:00,310,141100,,0
            V1,S2,C03111608002007064100000001,08,1,900.00,2026-03-02 09:05:00,310,141100,1,0
            """);
        var response = Write("visit.json", Envelope(Line("S2", "900.0", "1000", "0.1", "90.0", "810.0", "1")));

        var alone = CliRun.Of("reconcile", "--policy", policy, "--sent", sent, response, "--format", "json");
        var together = CliRun.Of("reconcile", "--policy", policy, "--sent", sent, Write("both.json", Envelope(
            """{ "feedetl_sn": "S1", "det_item_fee_sumamt": 600.0, "med_chrgitm_type": "02" }""", Line("S2", "900.0", "1000", "0.1", "90.0", "810.0", "1"))), "--format", "json");

        Assert.Equal(1, alone.ExitCode);
        using var json = JsonDocument.Parse(together.Bytes);
        Assert.True(together.ExitCode == 0, together.Text + together.Error);
        Assert.Equal(["agrees", "agrees"], Statuses(json));
    }
}
