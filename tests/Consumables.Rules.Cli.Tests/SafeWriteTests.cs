using System.Diagnostics;
using System.Text;
using Consumables.Rules.Cli.Output;

namespace Consumables.Rules.Cli.Tests;

/// <summary>Every file the tool writes is replaced whole or left as it was; an interrupt or a closed pipe ends the run with its own status and one message.</summary>
public sealed partial class SafeWriteTests : IDisposable
{
    private const string Previous = "the previous content\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-safe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string[] Leftovers() => Directory.GetFiles(_folder, "*.tmp");

    /// <summary>A CSV input of many lines, so a real process is still pricing when it is signalled.</summary>
    /// <summary>Writes a CSV input of <paramref name="lines"/> lines, streamed to the file (a large one costs no memory).</summary>
    private string BigInput(int lines)
    {
        var path = Path.Combine(_folder, "big.csv");
        using var text = new StreamWriter(path);
        text.Write(HostileInputTests.Header);
        text.Write('\n');
        for (var i = 0; i < lines; i++)
        {
            text.Write(HostileInputTests.CsvLine(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            text.Write('\n');
        }

        return path;
    }

    [Fact]
    public void A_failure_while_writing_leaves_the_target_as_it_was_and_no_temporary_file()
    {
        var target = Write("out.json", Previous);

        Assert.Throws<InvalidOperationException>(() => SafeFile.Write(target, static stream =>
        {
            stream.Write("half a fi"u8);
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal(Previous, File.ReadAllText(target));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void A_committed_write_replaces_the_target_whole()
    {
        var target = Write("out.json", Previous);

        SafeFile.Write(target, static stream => stream.Write("new"u8));

        Assert.Equal("new", File.ReadAllText(target));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void A_run_that_fails_mid_input_leaves_the_previous_output_as_it_was()
    {
        var target = Write("out.csv", Previous);
        var input = Write("broken.json", $"[{{\"feedetl_sn\":\"1\"}},{{\"feedetl_sn\":");

        var run = CliRun.Of("price", input, "--format", "csv", "-o", target);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(Previous, File.ReadAllText(target));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void A_priced_run_replaces_the_output_even_with_line_errors()
    {
        var target = Write("out.csv", Previous);

        var run = CliRun.Of("price", CliRun.Example, "--format", "csv", "-o", target);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(23, File.ReadAllLines(target).Length);
        Assert.Empty(Leftovers());
    }

    [Theory]
    [InlineData("--policy")]
    [InlineData("input")]
    public void Output_naming_an_input_or_policy_file_is_refused_and_the_file_kept(string which)
    {
        var policy = Write("policy.json", Policy.PolicyVersion.Default.ToJson());
        var input = Write("charges.csv", File.ReadAllText(CliRun.Example));
        var before = File.ReadAllText(which == "input" ? input : policy);

        var run = CliRun.Of("price", "--policy", policy, input, "-o", which == "input" ? input : Path.Combine(_folder, ".", "policy.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("also an input", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(which == "input" ? input : policy));
    }

    [Fact]
    public void Import_output_naming_its_input_table_is_refused()
    {
        var policy = Write("policy.json", Policy.PolicyVersion.Default.ToJson());
        var table = Write("products.csv", "27位码,注册备案号\nC03111608002007064100000099,国械注进20203130001\n");

        var run = CliRun.Of("import", "products", table, "--into", policy, "-o", table);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("also an input", run.Error, StringComparison.Ordinal);
        Assert.StartsWith("27位码", File.ReadAllText(table), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TERM", 143, "SIGTERM")]
    [InlineData("INT", 130, "SIGINT")]
    public void A_signal_removes_the_partial_output_keeps_the_target_and_exits_128_plus_the_signal(string signal, int exit, string named)
    {
        // Long enough that the run is still going when the signal lands on a busy machine (the signal ends it early).
        var input = BigInput(2_000_000);
        var target = Write("out.csv", Previous);
        using var process = StartTool("price", input, "--format", "csv", "-o", target);

        // Wait until the run is writing its temporary file, then signal it.
        var waited = Stopwatch.StartNew();
        while (Leftovers().Length == 0 && !process.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(20);
        }

        Assert.False(process.HasExited, "the run ended before it could be signalled");
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(exit, process.ExitCode);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Equal(Previous, File.ReadAllText(target));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public async Task A_closed_pipe_is_exit_2_with_a_message()
    {
        var input = BigInput(200_000);
        using var process = StartTool("price", input, "--format", "csv");
        var error = process.StandardError.ReadToEndAsync();

        var buffer = new char[1024];
        process.StandardOutput.ReadBlock(buffer, 0, buffer.Length);
        process.StandardOutput.Close();
        await process.WaitForExitAsync();
        var message = await error;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("broken pipe", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }

    private static Process StartTool(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "consumables.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start)!;
    }
}
