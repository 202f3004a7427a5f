using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Consumables.Rules.Cli.Output;

namespace Consumables.Rules.Cli.Tests;

/// <summary>An import holds a lock on the policy it replaces: a second waits for it, or gives up with a message and writes nothing.</summary>
public sealed class ConcurrentImportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-lock-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static string Products(int first, int count)
    {
        var text = new StringBuilder("27位码,注册备案号\n");
        for (var i = first; i < first + count; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"C031116080020070641{i:D8},国械注进{i:D11}\n");
        }

        return text.ToString();
    }

    private static HashSet<string> ProductCodes(string policy)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(policy));
        return [.. json.RootElement.GetProperty("products").EnumerateArray().Select(static p => p.GetProperty("code").GetString()!)];
    }

    [Fact]
    public void An_import_into_a_policy_another_run_holds_fails_after_the_wait_and_writes_nothing()
    {
        var policy = Write("policy.json", Policy.PolicyVersion.Default.ToJson());
        var before = File.ReadAllText(policy);
        var table = Write("products.csv", Products(1, 3));
        var wait = TargetLock.Wait;
        TargetLock.Wait = TimeSpan.FromMilliseconds(300);
        try
        {
            using (new FileStream(Path.Combine(_folder, ".policy.json.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                var run = CliRun.Of("import", "products", table, "--into", policy);

                Assert.Equal(2, run.ExitCode);
                Assert.Contains("Another run is writing", run.Error, StringComparison.Ordinal);
                Assert.Equal(before, File.ReadAllText(policy));
            }

            Assert.Equal(0, CliRun.Of("import", "products", table, "--into", policy).ExitCode);
        }
        finally
        {
            TargetLock.Wait = wait;
        }
    }

    [Fact]
    public void Two_imports_into_one_policy_at_once_both_land()
    {
        var policy = Write("policy.json", Policy.PolicyVersion.Default.ToJson());
        var tables = new[] { Write("a.csv", Products(100, 2000)), Write("b.csv", Products(5000, 2000)) };

        var processes = tables.Select(table => Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "consumables.dll"), "import", "products", table, "--into", policy])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!).ToList();
        var outputs = processes.Select(static p => (Out: p.StandardOutput.ReadToEndAsync(), Error: p.StandardError.ReadToEndAsync())).ToList();
        foreach (var process in processes)
        {
            process.WaitForExit();
        }

        Assert.All(processes, static p => Assert.Equal(0, p.ExitCode));
        var codes = ProductCodes(policy);
        Assert.Contains("C03111608002007064100000100", codes);
        Assert.Contains("C03111608002007064100006999", codes);
        Assert.Equal(4000, codes.Count(static c => c.StartsWith("C031116080020070641000", StringComparison.Ordinal) && int.Parse(c[19..], System.Globalization.CultureInfo.InvariantCulture) >= 100));
        foreach (var process in processes)
        {
            process.Dispose();
        }
    }
}
