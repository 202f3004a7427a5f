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
            PolicyCommand.Create(console),
        };
        root.Options.Add(verbose);
        root.Options.Add(Labels.Option);

        var parse = root.Parse(args);
        if ((parse.Errors.Count > 0 || Suggestions.LooksLikeOptions(parse).Any()) && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            // A bad option value or a missing argument: its own line, not the whole help; a mistyped verb or option
            // gets the nearest names instead of "Required command was not provided".
            var help = $"see '{Suggestions.CommandPath(parse.CommandResult)} --help'";
            var typos = Suggestions.ForUnmatched(parse).ToList();
            foreach (var typo in typos)
            {
                console.Error.WriteLine($"consumables: {typo} ({help})");
            }

            // The errors a typo causes (stray words after it) would only bury the suggestion.
            foreach (var error in typos.Count > 0 ? [] : parse.Errors)
            {
                console.Error.WriteLine($"consumables: {Shorten(System.Text.RegularExpressions.Regex.Replace(error.Message, @"\s+", " "))} ({help})");
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
            console.Error.WriteLine("consumables: " + Shorten(OneLine(ex.Message)));
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

    private static string OneLine(string message) => Shorten(message.ReplaceLineEndings(" "));

    /// <summary>The most characters of a message shown: a message quoting a whole file (a CSV given as a policy) is cut, saying how much was left out.</summary>
    internal const int MessageLimit = 200;

    /// <summary>Cuts a message longer than <see cref="MessageLimit"/> characters, saying how many were left out.</summary>
    internal static string Shorten(string message) =>
        message.Length <= MessageLimit ? message : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{message.AsSpan(0, MessageLimit)}… ({message.Length - MessageLimit:N0} more characters)");
}
