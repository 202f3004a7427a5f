using System.CommandLine;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Cli.Output;

namespace Consumables.Rules.Cli;

/// <summary><c>price [--policy FILE]… [--format table|json|csv] [--explain] [--output FILE] INPUT</c>.</summary>
internal static class PriceCommand
{
    internal static Command Create(CliConsole console, Option<string[]> policies)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: table, json or csv.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var explain = new Option<bool>("--explain") { Description = "Include every line's rule trace (json)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the results to FILE instead of standard output." };
        var input = new Argument<string>("INPUT") { Description = "Charge lines: a .csv or .json file, or - for JSON on standard input." };

        var command = new Command("price", "Price a file of charge lines under the policy in force on each line's date.")
        {
            policies, format, explain, output, input,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(policies) ?? [],
            parse.GetValue(format) ?? "table",
            parse.GetValue(explain),
            parse.GetValue(output),
            parse.GetValue(input)!,
            EngineChoice.From(parse)));
        return command;
    }

    internal static int Run(CliConsole console, IReadOnlyList<string> policyPaths, string format, bool explain, string? outputPath, string inputPath, PricingEngine engine = PricingEngine.Compiled)
    {
        var timeline = PolicyFiles.LoadTimeline(policyPaths);
        var lines = OpenInput(console, inputPath);
        var pricer = ConsumablePricer.Create(timeline, EngineChoice.Options(engine, explain));

        using var outputStream = outputPath is null ? console.OpenOutput() : File.Create(outputPath);
        TextWriter? text = null;
        IResultWriter writer = format switch
        {
            "json" => new JsonResultWriter(outputStream),
            "csv" => new CsvResultWriter(outputStream),
            _ => new TableResultWriter(text = outputPath is null ? console.Out : new StreamWriter(outputStream), outputPath is null && console.OutputIsTerminal),
        };

        var totals = new Totals();
        using (writer)
        {
            writer.Begin(timeline.Versions);
            using var progress = Progress.Start(console, inputPath);
            foreach (var line in lines)
            {
                var result = line.ReadError is null
                    ? pricer.Price(line.Raw)
                    : new PricingResult { Errors = [new PricingError(PricingErrorCode.InvalidField, "line", line.ReadError)] };
                totals.Add(result);
                writer.Write(line, result, result.Errors);
                progress.Tick(line.Number);
            }

            writer.End(totals);
        }

        text?.Flush();
        return totals.Failed == 0 ? ExitCodes.Success : ExitCodes.LineErrors;
    }

    private static IEnumerable<InputLine> OpenInput(CliConsole console, string path)
    {
        if (path == "-")
        {
            return JsonLineReader.Read(console.OpenInput());
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"The input file '{path}' does not exist.");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".csv" => CsvLineReader.Read(File.OpenRead(path)),
            ".json" => JsonLineReader.Read(File.OpenRead(path)),
            _ => throw new UsageException($"The input file '{path}' is neither .csv nor .json; the format is chosen by extension."),
        };
    }
}
