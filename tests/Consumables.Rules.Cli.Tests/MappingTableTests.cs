using System.Text;
using System.Text.Json;

namespace Consumables.Rules.Cli.Tests;

/// <summary>The mapping table (对照表) is read as the inputs are: RFC 4180 quotes, headers without regard to case, GB18030; a code mapped twice is an error.</summary>
public sealed class MappingTableTests : IDisposable
{
    private const string Code = "C12010100300101600060000001";

    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-mapping-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    private string Input(string hospitalCode) => Write("visit.csv",
        "feedetl_sn,mdtrt_id,med_chrgitm_type,med_list_codg,medins_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type\n"
        + $"1,V1,08,,\"{hospitalCode}\",1,250,2026-03-04,310,141100,1\n");

    private static string? PricedCode(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Bytes);
        var line = json.RootElement.GetProperty("lines")[0];
        return line.TryGetProperty("priced_code", out var code) ? code.GetString() : null;
    }

    [Fact]
    public void A_quoted_hospital_code_with_a_comma_is_one_field()
    {
        var map = Write("map.csv", $"medins_list_codg,med_list_codg\n\"H,3\",{Code}\n");

        var run = CliRun.Of("price", Input("H,3"), "--format", "json", "--mapping-table", map);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Code, PricedCode(run));
    }

    [Fact]
    public void Headers_are_matched_without_regard_to_case()
    {
        var map = Write("map.csv", $"MEDINS_LIST_CODG, Med_List_Codg\nH1,{Code}\n");

        var run = CliRun.Of("price", Input("H1"), "--format", "json", "--mapping-table", map);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Code, PricedCode(run));
    }

    [Fact]
    public void A_gb18030_table_is_detected_and_its_chinese_codes_map()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var map = Write("map.csv", $"medins_list_codg,med_list_codg,名称\n骨板甲一,{Code},儿童骨板\n", Encoding.GetEncoding("GB18030"));

        var run = CliRun.Of("price", Input("骨板甲一"), "--format", "json", "--mapping-table", map);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Code, PricedCode(run));
    }

    [Fact]
    public void A_hospital_code_mapped_to_two_national_codes_is_an_error_naming_both_rows()
    {
        var map = Write("map.csv", $"medins_list_codg,med_list_codg\nH1,{Code}\nH2,{Code}\nH1,C12010100300101600060000002\n");

        var run = CliRun.Of("price", Input("H1"), "--format", "json", "--mapping-table", map);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rows 2 and 4: hospital code 'H1'", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Bytes);
    }

    [Fact]
    public void The_same_mapping_given_twice_is_accepted()
    {
        var map = Write("map.csv", $"medins_list_codg,med_list_codg\nH1,{Code}\nH1,{Code}\n");

        var run = CliRun.Of("price", Input("H1"), "--format", "json", "--mapping-table", map);

        Assert.Equal(0, run.ExitCode);
    }
}
