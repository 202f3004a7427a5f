using System.Runtime.InteropServices;
using System.Text;
using Consumables.Rules.Cli.Output;
using Microsoft.Win32.SafeHandles;

namespace Consumables.Rules.Cli;

/// <summary>The <c>consumables</c> tool's entry point.</summary>
public static class Program
{
    /// <summary>Runs the tool on the process's standard streams.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 every line priced; 1 some lines have errors; 2 bad usage, an invalid policy or a broken pipe; 130 on SIGINT; 143 on SIGTERM.</returns>
    public static int Main(string[] args)
    {
        // On SIGINT/SIGTERM: remove any half-written output (the target stays as it was), say so, exit 128 + signal.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, static c => Stop(c, 130, "interrupted (SIGINT)"));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, static c => Stop(c, 143, "terminated (SIGTERM)"));

        var output = StandardOutput();
        var console = new CliConsole(
            Console.OpenStandardInput,
            output ?? Console.OpenStandardOutput,
            output is null ? Console.Out : new StreamWriter(output(), new UTF8Encoding(false), 1 << 12, leaveOpen: false),
            Console.Error,
            OutputIsTerminal: !Console.IsOutputRedirected,
            ErrorIsTerminal: !Console.IsErrorRedirected,
            Width: TerminalWidth(),
            Language: Labels.NameFor(System.Globalization.CultureInfo.CurrentUICulture))
        {
            StandardInputFile = StandardInputFile(),
        };
        int code;
        try
        {
            code = ConsumablesCli.Run(args, console);
        }
        finally
        {
            try
            {
                console.Out.Flush();
            }
            catch (IOException ex) when (ConsumablesCli.IsBrokenPipe(ex))
            {
                Console.Error.WriteLine("consumables: the output was closed by its reader (broken pipe); the output is incomplete.");
                code = ExitCodes.Usage;
            }
        }

        return code;
    }

    /// <summary>
    /// Opens standard output as a plain file descriptor when it is a pipe on Unix, where the console stream ignores a
    /// closed pipe (EPIPE) and would price on for nobody: written this way, a closed pipe is an <see cref="IOException"/>
    /// and exit 2. A terminal or a regular file keeps the console stream (which moves the file offset other writers share).
    /// </summary>
    private static Func<Stream>? StandardOutput()
    {
        if (OperatingSystem.IsWindows() || !Console.IsOutputRedirected)
        {
            return null;
        }

        using (var probe = Open())
        {
            if (probe.CanSeek)
            {
                return null;
            }
        }

        return Open;

        static FileStream Open() => new(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);
    }

    private static void Stop(PosixSignalContext context, int code, string what)
    {
        context.Cancel = true;
        Console.Error.WriteLine($"consumables: {what}; {SafeFile.AbandonAll()}.");
        Environment.Exit(code);
    }

    /// <summary>The regular file standard input reads, when it was redirected from one (found through <c>/proc/self/fd/0</c> on Linux).</summary>
    private static string? StandardInputFile()
    {
        if (!OperatingSystem.IsLinux() || !Console.IsInputRedirected)
        {
            return null;
        }

        try
        {
            return new FileInfo("/proc/self/fd/0").LinkTarget is { } target && Path.IsPathRooted(target) && SafeFile.KindOf(target) == SafeFile.FileKind.Regular ? target : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The width the table is drawn to: <c>COLUMNS</c> when set to a positive number, else the terminal's, else 80 (no terminal, or one that does not say).</summary>
    private static int TerminalWidth()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns > 0)
        {
            return columns;
        }

        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? 80 : Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
