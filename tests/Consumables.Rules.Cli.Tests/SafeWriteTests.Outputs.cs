using System.Diagnostics;
using Consumables.Rules.Cli.Output;

namespace Consumables.Rules.Cli.Tests;

/// <summary>Every command's output goes through the one safe writer: links followed, devices and FIFOs streamed to, inputs refused.</summary>
public sealed partial class SafeWriteTests
{
    private static string Returned => Path.Combine(CliRun.RepositoryRoot, "docs", "examples", "returned.csv");

    [Fact]
    public void A_symbolic_link_is_followed_the_file_it_names_replaced_and_the_link_kept()
    {
        var real = Write("real.csv", Previous);
        var link = Path.Combine(_folder, "link.csv");
        File.CreateSymbolicLink(link, "real.csv");

        var run = CliRun.Of("price", CliRun.Example, "--format", "csv", "-o", link);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("real.csv", new FileInfo(link).LinkTarget);
        Assert.Contains("fulamt_ownpay_amt", File.ReadAllText(real), StringComparison.Ordinal);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void The_null_device_is_written_directly_and_stays_a_device()
    {
        Assert.Equal(SafeFile.FileKind.Special, SafeFile.KindOf("/dev/null"));

        var run = CliRun.Of("reconcile", Returned, "--format", "html", "-o", "/dev/null");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(SafeFile.FileKind.Special, SafeFile.KindOf("/dev/null"));
        Assert.Empty(Directory.GetFiles("/dev", ".null.*"));
    }

    [Fact]
    public async Task A_fifo_is_written_directly_so_its_reader_gets_the_whole_output()
    {
        var fifo = Path.Combine(_folder, "pipe");
        using (var make = Process.Start("mkfifo", [fifo]))
        {
            make.WaitForExit();
        }

        var reader = Task.Run(() => File.ReadAllText(fifo));
        var run = CliRun.Of("price", CliRun.Example, "--format", "json", "-o", fifo);

        var text = await reader.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"lines\"", text, StringComparison.Ordinal);
        Assert.Equal(SafeFile.FileKind.Special, SafeFile.KindOf(fifo));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void A_folder_as_output_is_refused()
    {
        var run = CliRun.Of("price", CliRun.Example, "--format", "csv", "-o", _folder);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a folder", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_writes_through_a_temporary_file_and_a_failure_leaves_the_target_as_it_was()
    {
        var target = Write("report.html", Previous);
        var broken = Write("broken.json", "[{\"feedetl_sn\":\"1\"},{\"feedetl_sn\":");

        var run = CliRun.Of("reconcile", broken, "--format", "html", "-o", target);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(Previous, File.ReadAllText(target));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void Reconcile_replaces_its_output_whole()
    {
        var target = Write("report.csv", Previous);

        var run = CliRun.Of("reconcile", Returned, "--format", "csv", "-o", target);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("R04", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.Empty(Leftovers());
    }

    [Theory]
    [InlineData("--policy")]
    [InlineData("input")]
    public void Reconcile_refuses_an_output_naming_its_policy_or_input(string which)
    {
        var policy = Write("policy.json", Policy.PolicyVersion.Default.ToJson());
        var input = Write("returned.csv", File.ReadAllText(Returned));
        var named = which == "input" ? input : policy;
        var before = File.ReadAllText(named);

        var run = CliRun.Of("reconcile", "--policy", policy, input, "--format", "html", "-o", named);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("also an input", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(named));
    }

    [Fact]
    public void Price_refuses_an_output_naming_its_mapping_table()
    {
        var mapping = Write("mapping.csv", "medins_list_codg,med_list_codg\nH1,C03111608002007064100000099\n");

        var run = CliRun.Of("price", CliRun.Example, "--mapping-table", mapping, "-o", mapping);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("also an input", run.Error, StringComparison.Ordinal);
        Assert.StartsWith("medins_list_codg", File.ReadAllText(mapping), StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_naming_the_file_standard_input_reads_is_refused()
    {
        var input = Write("visits.json", "[]");
        var output = new MemoryStream();
        var error = new StringWriter();
        var console = new CliConsole(() => File.OpenRead(input), () => output, new StringWriter(), error, false, false) { StandardInputFile = input };

        var code = ConsumablesCli.Run(["reconcile", "-", "--format", "json", "-o", input], console);

        Assert.Equal(2, code);
        Assert.Contains("standard input", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("[]", File.ReadAllText(input));
    }

    [Fact]
    public void The_tool_finds_the_file_standard_input_was_redirected_from_and_keeps_it()
    {
        var input = Write("visits.json", "[]");
        var start = new ProcessStartInfo("bash", ["-c", $"dotnet \"{Path.Combine(AppContext.BaseDirectory, "consumables.dll")}\" reconcile - --format json -o visits.json < visits.json"])
        {
            WorkingDirectory = _folder,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("standard input", error, StringComparison.Ordinal);
        Assert.Equal("[]", File.ReadAllText(input));
    }

    [Fact]
    public void Diff_writes_its_output_file_through_the_safe_writer_and_refuses_an_input()
    {
        var older = Write("old.json", Policy.PolicyVersion.Default.ToJson());
        var target = Write("changes.json", Previous);

        var written = CliRun.Of("diff", older, older, "--format", "json", "-o", target);
        var refused = CliRun.Of("diff", older, older, "-o", older);

        Assert.Equal(0, written.ExitCode);
        Assert.StartsWith("{", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("also an input", refused.Error, StringComparison.Ordinal);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public async Task A_signal_while_writing_to_a_fifo_says_that_output_is_incomplete()
    {
        var input = BigInput(400_000);
        var fifo = Path.Combine(_folder, "pipe");
        using (var make = Process.Start("mkfifo", [fifo]))
        {
            make.WaitForExit();
        }

        using var process = StartTool("price", input, "--format", "csv", "-o", fifo);
        var error = process.StandardError.ReadToEndAsync();
        await using (var reader = new FileStream(fifo, FileMode.Open, FileAccess.Read))
        {
            var buffer = new byte[4096];
            await reader.ReadAtLeastAsync(buffer, buffer.Length);
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            // Drain the FIFO so the writer is never blocked while it handles the signal.
            while (await reader.ReadAsync(buffer) > 0)
            {
            }
        }

        await process.WaitForExitAsync();

        Assert.Equal(143, process.ExitCode);
        Assert.Contains($"the output written to '{fifo}' is incomplete", await error, StringComparison.Ordinal);
        Assert.Equal(SafeFile.FileKind.Special, SafeFile.KindOf(fifo));
    }
}
