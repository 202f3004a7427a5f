using System.Text;
using System.Text.Json;

namespace Consumables.Rules.Cli.Tests;

/// <summary>Import reads CSV with the inputs' reader: no row is lost to a quote never closed, and no message echoes a hostile cell whole.</summary>
public sealed class ImportRowTests : IDisposable
{
    private const string Header = "27位码,注册备案号,备注\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-import-rows-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private string Policy() => Write("policy.json", Rules.Policy.PolicyVersion.Default.ToJson());

    private static string Row(int n, string notes = "") => $"C0311160800200706410000900{n},国械注进2017346000{n},{notes}\n";

    private static int Products(string policy)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(policy));
        return json.RootElement.TryGetProperty("products", out var products) ? products.GetArrayLength() : 0;
    }

    [Fact]
    public void An_unclosed_quote_in_an_unused_last_column_skips_its_row_names_its_line_and_the_rows_after_it_are_read()
    {
        var policy = Policy();
        var before = File.ReadAllText(policy);
        var table = Write("products.csv", Header + Row(1) + Row(2, "\"a note never closed") + Row(3) + Row(4));

        var run = CliRun.Of("import", "products", table, "--into", policy);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("skipped row 3: CSV line 3: a quoted field opened on this line is never closed", run.Error, StringComparison.Ordinal);
        Assert.Contains("3 row(s) imported, 1 skipped", run.Out, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(policy));
    }

    [Fact]
    public void A_quote_closed_only_by_a_later_rows_quote_is_an_error_on_its_line_and_no_row_is_swallowed()
    {
        var policy = Policy();
        var before = Products(policy);
        var table = Write("products.csv", Header + Row(1) + Row(2, "\"never closed") + Row(3) + Row(4, "\"quoted\"") + Row(5));

        var run = CliRun.Of("import", "products", table, "--into", policy, "--allow-skipped");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("skipped row 3: CSV line 3", run.Error, StringComparison.Ordinal);
        Assert.Contains("4 row(s) imported, 1 skipped", run.Out, StringComparison.Ordinal);
        Assert.Equal(before + 4, Products(policy));
    }

    [Fact]
    public void A_field_past_64_KiB_is_an_error_on_its_line_with_a_short_message()
    {
        var policy = Policy();
        var table = Write("products.csv", Header + Row(1) + Row(2, new string('x', 200_000)) + Row(3));

        var run = CliRun.Of("import", "products", table, "--into", policy);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CSV line 3: a field runs past 65,536 characters", run.Error, StringComparison.Ordinal);
        Assert.Contains("2 row(s) imported, 1 skipped", run.Out, StringComparison.Ordinal);
        Assert.True(run.Error.Length < 1000, $"the messages are {run.Error.Length} characters long");
    }

    [Fact]
    public void A_message_shows_at_most_200_characters_of_the_offending_text()
    {
        var policy = Policy();
        var table = Write("products.csv", Header + Row(1) + $"C{new string('9', 20_000)},国械注进1,\n");

        var run = CliRun.Of("import", "products", table, "--into", policy);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("(20,001 characters)", run.Error, StringComparison.Ordinal);
        Assert.True(run.Error.Length < 600, $"the messages are {run.Error.Length} characters long");
    }
}
