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

    [Theory]
    [InlineData("a quoted code with a comma", "medins_list_codg,med_list_codg\n\"H,3\",{0}\n", "H,3", false)]
    [InlineData("headers in any case", "MEDINS_LIST_CODG, Med_List_Codg\nH1,{0}\n", "H1", false)]
    [InlineData("GB18030 text", "medins_list_codg,med_list_codg,名称\n骨板甲一,{0},儿童骨板\n", "骨板甲一", true)]
    public void The_table_is_read_as_inputs_are(string what, string table, string hospitalCode, bool gb18030)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var map = Write("map.csv", string.Format(System.Globalization.CultureInfo.InvariantCulture, table, Code), gb18030 ? Encoding.GetEncoding("GB18030") : null);

        var run = CliRun.Of("price", Input(hospitalCode), "--format", "json", "--mapping-table", map);

        Assert.True(run.ExitCode == 0, $"{what}: {run.Error}");
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
