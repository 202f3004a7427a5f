using System.CommandLine;

namespace Consumables.Rules.Cli;

/// <summary>Builds the <c>consumables</c> command tree and runs it, turning every expected failure into an exit code and a one-line message.</summary>
internal static class ConsumablesCli
{
    internal static int Run(string[] args, CliConsole console)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Show details (such as stack traces) of unexpected failures.", Recursive = true };
        var policies = new Option<string[]>("--policy", "-p")
        {
            Description = "A policy file (JSON); repeat for a timeline. None means the embedded default (a sample catalogue).",
            AllowMultipleArgumentsPerToken = false,
        };

        var root = new RootCommand("Prices medical-consumable charge lines under China's basic medical insurance rules.")
        {
            PriceCommand.Create(console, policies),
            Reconcile.ReconcileCommand.Create(console, policies),
            ExplainCommand.Create(console, policies),
            ValidateCommand.Create(console),
            DiffCommand.Create(console),
            Import.ImportCommand.Create(console),
            Medians.MediansCommand.Create(console),
        };
        root.Options.Add(verbose);
        root.Options.Add(EngineChoice.Option);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            // A bad option value or a missing argument: its own line, not the whole help.
            foreach (var error in parse.Errors)
            {
                console.Error.WriteLine($"consumables: {System.Text.RegularExpressions.Regex.Replace(error.Message, @"\s+", " ")} (see '{parse.CommandResult.Command.Name} --help')");
            }

            return ExitCodes.Usage;
        }

        try
        {
            var code = parse.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });
            return parse.Errors.Count > 0 ? ExitCodes.Usage : code;
        }
        catch (UsageException ex)
        {
            console.Error.WriteLine("consumables: " + ex.Message);
            foreach (var detail in ex.Details)
            {
                console.Error.WriteLine("  " + detail);
            }

            return ExitCodes.Usage;
        }
        catch (IOException ex) when (IsBrokenPipe(ex))
        {
            console.Error.WriteLine("consumables: the output was closed by its reader (broken pipe); the output is incomplete.");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or Policy.PolicyLoadException or InvalidDataException)
        {
            return Fail(console, OneLine(ex.Message), ex, parse.GetValue(verbose));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No exception escapes a run: whatever was not foreseen is still one line and exit 2, never a stack trace and 134.
            return Fail(console, $"unexpected failure ({ex.GetType().Name}): {OneLine(ex.Message)}", ex, parse.GetValue(verbose));
        }
    }

    /// <summary>Tells whether writing failed because the reader of a pipe went away (EPIPE on Unix, ERROR_BROKEN_PIPE or ERROR_NO_DATA on Windows).</summary>
    internal static bool IsBrokenPipe(IOException ex) =>
        ex.HResult is 32 or unchecked((int)0x8007006D) or unchecked((int)0x800700E8)
        || ex.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);

    private static int Fail(CliConsole console, string message, Exception ex, bool verbose)
    {
        console.Error.WriteLine("consumables: " + message);
        if (verbose)
        {
            console.Error.WriteLine(ex.ToString());
        }

        return ExitCodes.Usage;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
