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
            ExplainCommand.Create(console, policies),
            ValidateCommand.Create(console),
            DiffCommand.Create(console),
            Import.ImportCommand.Create(console),
        };
        root.Options.Add(verbose);
        root.Options.Add(EngineChoice.Option);

        var parse = root.Parse(args);
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or Policy.PolicyLoadException or InvalidDataException)
        {
            console.Error.WriteLine("consumables: " + OneLine(ex.Message));
            if (parse.GetValue(verbose))
            {
                console.Error.WriteLine(ex.ToString());
            }

            return ExitCodes.Usage;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
