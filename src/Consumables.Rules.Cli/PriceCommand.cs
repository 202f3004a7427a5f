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
        var encoding = new Option<string>("--encoding")
        {
            Description = "The input's text encoding: auto (detect UTF-8, GB18030 or UTF-16), utf-8, gb18030, utf-16le or utf-16be.",
            DefaultValueFactory = _ => "auto",
        };
        encoding.AcceptOnlyFromAmong(TextEncodingDetector.Names);
        var input = new Argument<string>("INPUT") { Description = "Charge lines: a .csv or .json file, or - for JSON on standard input." };

        var command = new Command("price", "Price a file of charge lines under the policy in force on each line's date.")
        {
            policies, format, explain, output, encoding, input,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(policies) ?? [],
            parse.GetValue(format) ?? "table",
            parse.GetValue(explain),
            parse.GetValue(output),
            parse.GetValue(input)!,
            EngineChoice.From(parse),
            parse.GetValue(encoding)));
        return command;
    }

    internal static int Run(CliConsole console, IReadOnlyList<string> policyPaths, string format, bool explain, string? outputPath, string inputPath, PricingEngine engine = PricingEngine.Compiled, string? encodingName = null)
    {
        if (outputPath is not null)
        {
            SafeFile.RefuseInputs(outputPath, [.. policyPaths, inputPath]);
        }

        var timeline = PolicyFiles.LoadTimeline(policyPaths);
        var lines = OpenInput(console, inputPath, TextEncodingDetector.FromName(encodingName));
        var pricer = ConsumablePricer.Create(timeline, EngineChoice.Options(engine, explain));

        // A file is written beside its target and renamed over it only once complete (SafeFile).
        using var target = outputPath is null ? null : SafeFile.Create(outputPath);
        using var standardOutput = target is null ? console.OpenOutput() : null;
        var outputStream = target?.Stream ?? standardOutput!;
        TextWriter? text = null;
        IResultWriter writer = format switch
        {
            "json" => new JsonResultWriter(outputStream),
            "csv" => new CsvResultWriter(outputStream),
            _ => new TableResultWriter(text = outputPath is null ? console.Out : new StreamWriter(outputStream, leaveOpen: true), outputPath is null && console.OutputIsTerminal),
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
        target?.Commit();
        return totals.Failed == 0 ? ExitCodes.Success : ExitCodes.LineErrors;
    }

    internal static IEnumerable<InputLine> OpenInput(CliConsole console, string path, System.Text.Encoding? encoding)
    {
        if (path == "-")
        {
            return JsonLineReader.Read(console.OpenInput(), encoding);
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"The input file '{path}' does not exist.");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".csv" => CsvLineReader.Read(File.OpenRead(path), encoding),
            ".json" => JsonLineReader.Read(File.OpenRead(path), encoding),
            _ => throw new UsageException($"The input file '{path}' is neither .csv nor .json; the format is chosen by extension."),
        };
    }
}
