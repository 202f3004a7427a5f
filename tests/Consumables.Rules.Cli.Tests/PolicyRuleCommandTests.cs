using System.Text;
using System.Text.Json;

namespace Consumables.Rules.Cli.Tests;

/// <summary>The policy's own rules end to end: restriction kinds, procurement checks and a default entry in a fallback policy.</summary>
public sealed class PolicyRuleCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static string Policy(string id, string catalogue, string extra = "", string from = "2026-01-01", string to = "null") => $$"""
        { "format": "consumables-policy/1", "id": "{{id}}", "province": "140000", "effectiveFrom": "{{from}}", "effectiveTo": {{to}}, "itemCap": 50000.00,
          "noMedian": "actualPrice", "catalogue": {{catalogue}}{{extra}} }
        """;

    private static List<JsonElement> Lines(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Bytes);
        return [.. json.RootElement.GetProperty("lines").EnumerateArray().Select(static l => l.Clone())];
    }

    private static string[] Warnings(JsonElement line) => [.. line.GetProperty("warnings").EnumerateArray().Select(static w => w.GetProperty("code").GetString()!)];

    [Fact]
    public void A_not_together_with_restriction_is_payable_alone_and_fully_self_paid_when_the_visit_bills_the_item()
    {
        var policy = Write("p.json", Policy("nt", """
            [ { "code": "C13010100100101", "name": "钻头", "category": "B", "valueClass": "low",
                "restriction": {"kind": "notTogetherWith", "serviceItems": ["331501001"]} } ],
            "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.10 } ]
            """));
        var input = Write("lines.json", """
            [
              {"feedetl_sn": "1", "mdtrt_id": "V1", "med_chrgitm_type": "08", "med_list_codg": "C13010100100101000010000001", "cnt": "1", "pric": "1500", "fee_ocur_time": "2026-03-04", "insutype": "310", "insuplc_admdvs": "141100"},
              {"feedetl_sn": "2", "mdtrt_id": "V2", "med_chrgitm_type": "06", "med_list_codg": "331501001", "cnt": "1", "pric": "800", "fee_ocur_time": "2026-03-04", "insutype": "310", "insuplc_admdvs": "141100"},
              {"feedetl_sn": "3", "mdtrt_id": "V2", "med_chrgitm_type": "08", "med_list_codg": "C13010100100101000010000001", "cnt": "1", "pric": "1500", "fee_ocur_time": "2026-03-04", "insutype": "310", "insuplc_admdvs": "141100"}
            ]
            """);

        var run = CliRun.Of("price", "--policy", policy, input, "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = Lines(run);
        Assert.Equal((0m, 1350m), (lines[0].GetProperty("fulamt_ownpay_amt").GetDecimal(), lines[0].GetProperty("inscp_scp_amt").GetDecimal()));
        Assert.Equal((1500m, 0m), (lines[2].GetProperty("fulamt_ownpay_amt").GetDecimal(), lines[2].GetProperty("inscp_scp_amt").GetDecimal()));
        Assert.Contains("not-together-with", Warnings(lines[2]));
        Assert.Contains("331501001", lines[2].GetProperty("warnings")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_conditions_restriction_reads_the_age_and_diagnosis_the_input_gives()
    {
        var policy = Write("p.json", Policy("cd", """
            [ { "code": "C13010100100101", "name": "人工耳蜗", "category": "B", "valueClass": "low",
                "restriction": {"kind": "conditions", "text": "限：1.7岁以下儿童语前聋", "maxAge": 7, "diagnoses": ["H90"]} } ],
            "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.10 } ]
            """));
        var input = Write("lines.csv", """
            feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,AGE,diag_code
            1,C13010100100101000010000001,1,1000,2026-03-04,310,141100,5,H90.3
            2,C13010100100101000010000001,1,1000,2026-03-04,310,141100,40,H90.3
            3,C13010100100101000010000001,1,1000,2026-03-04,310,141100,,
            4,C13010100100101000010000001,1,1000,2026-03-04,310,141100,abc,H90.3
            """);

        var run = CliRun.Of("price", "--policy", policy, input, "--format", "json");

        var lines = Lines(run);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal([0m, 1000m, 1000m], lines.Take(3).Select(static l => l.GetProperty("fulamt_ownpay_amt").GetDecimal()));
        Assert.Equal(("invalid-field", "age"), (lines[3].GetProperty("errors")[0].GetProperty("code").GetString(), lines[3].GetProperty("errors")[0].GetProperty("field").GetString()));
    }

    [Fact]
    public void A_line_billed_above_its_winning_price_is_warned_and_a_winning_price_above_the_entrys_limit_fails_validate()
    {
        var run = CliRun.WithInput(Encoding.UTF8.GetBytes("""
            [ {"feedetl_sn": "1", "med_list_codg": "C02010100200301100010000001", "cnt": "1", "pric": "600.00", "fee_ocur_time": "2026-03-04", "insutype": "310", "insuplc_admdvs": "141100"} ]
            """), "price", "-", "--format", "json");
        var bad = Write("bad.json", Policy("pv", """
            [ { "code": "C02010100200301", "name": "冠状动脉支架", "category": "B", "valueClass": "high", "maxPaymentLimit": 500.00 } ],
            "procurement": [ { "group": "G1", "catalogueCodes": ["C02010100200301"], "winners": [ { "product": "C02010100200301100010000001", "price": 590.00 } ] } ]
            """));

        var validate = CliRun.Of("validate", bad);

        Assert.True(run.ExitCode == 0, run.Error);
        var line = Lines(run)[0];
        Assert.Contains("above-winning-price", Warnings(line));
        Assert.Equal(10.00m, line.GetProperty("overlmt_amt").GetDecimal());
        Assert.Equal(2, validate.ExitCode);
        Assert.Contains("$.procurement[0].winners[0].price", validate.Out + validate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fallback_policy_with_only_a_default_entry_and_banded_ratio_rows_prices_a_code_the_new_policy_does_not_list()
    {
        var old = Write("old.json", Policy("old", "[]", """
            , "defaultEntry": { "name": "原有政策", "category": "B", "valueClass": "byPrice", "highValueFrom": 1000.00 },
            "preSelfPay": [
              { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.05, "minUnitPrice": null, "maxUnitPrice": 1000.00 },
              { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.20, "minUnitPrice": 1000.00, "maxUnitPrice": null } ]
            """, from: "2020-01-01", to: "\"2025-12-31\""));
        var current = Write("new.json", Policy("new", """[ { "code": "C03111608002007", "name": "儿童骨板", "category": "B", "valueClass": "low" } ]""", """
            , "fallbackPolicy": "old",
            "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.10 } ]
            """));
        var input = Write("lines.json", """
            [ {"feedetl_sn": "1", "med_list_codg": "C99010100100101800080000001", "cnt": "1", "pric": "2000", "fee_ocur_time": "2026-03-04", "insutype": "310", "insuplc_admdvs": "141100"} ]
            """);

        var run = CliRun.Of("price", "--policy", old, "--policy", current, input, "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
        var line = Lines(run)[0];
        Assert.Equal(("old", 400.00m, 1600.00m), (line.GetProperty("policy_id").GetString(), line.GetProperty("preselfpay_amt").GetDecimal(), line.GetProperty("inscp_scp_amt").GetDecimal()));
        Assert.Contains("default-entry", Warnings(line));
    }
}
