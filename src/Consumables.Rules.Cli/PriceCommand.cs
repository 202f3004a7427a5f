using System.CommandLine;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Cli.Output;
using Consumables.Rules.Policy;

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
        var explain = new Option<bool>("--explain") { Description = "Include every line's rule trace: in full (json), a trace column of the rules that fired (csv), the rules that fired under each row (table)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the results to FILE instead of standard output." };
        var encoding = new Option<string>("--encoding")
        {
            Description = "The input's text encoding: auto (detect UTF-8, GB18030 or UTF-16), utf-8, gb18030, utf-16le or utf-16be.",
            DefaultValueFactory = _ => "auto",
        };
        encoding.AcceptOnlyFromAmong(TextEncodingDetector.Names);
        var input = new Argument<string>("INPUT") { Description = "Charge lines: a .csv or .json file, or - for JSON on standard input." };
        var mapping = new Option<string?>("--mapping-table") { Description = "The hospital's mapping table (对照表) of medins_list_codg to med_list_codg: CSV or JSON." };
        var notListedSelfPay = new Option<bool>("--not-listed-self-pay")
        {
            Description = "Make a code in neither the catalogue nor its fallback policy fully self-paid with a warning, instead of an error.",
        };

        var command = new Command("price", "Price a file of charge lines under the policy in force on each line's date; the lines of one mdtrt_id are priced as one visit, and a refund naming its sale (init_feedetl_sn) as its mirror.")
        {
            policies, EngineChoice.Option, format, explain, output, encoding, mapping, notListedSelfPay, input,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(policies) ?? [],
            parse.GetValue(format) ?? "table",
            parse.GetValue(explain),
            parse.GetValue(output),
            parse.GetValue(input)!,
            EngineChoice.From(parse),
            parse.GetValue(encoding),
            parse.GetValue(mapping),
            parse.GetValue(notListedSelfPay),
            Labels.From(parse, console)));
        return command;
    }

    internal static int Run(CliConsole console, IReadOnlyList<string> policyPaths, string format, bool explain, string? outputPath, string inputPath,
        PricingEngine engine = PricingEngine.Compiled, string? encodingName = null, string? mappingPath = null, bool notListedSelfPay = false, Labels? labels = null)
    {
        labels ??= Labels.English;
        if (outputPath is not null)
        {
            SafeFile.RefuseInputs(outputPath, [.. policyPaths, inputPath, mappingPath], console.StandardInputFile);
        }

        var timeline = PolicyFiles.LoadTimeline(policyPaths);
        var hospitalCodes = mappingPath is null ? null : MappingTableReader.Read(mappingPath);
        var encoding = TextEncodingDetector.FromName(encodingName);
        var source = Source(console, inputPath);
        var options = EngineChoice.Options(engine, explain);
        options.HospitalCodes = hospitalCodes;
        options.NotListed = notListedSelfPay ? NotListedTreatment.SelfPayWithWarning : NotListedTreatment.Error;
        var pricer = ConsumablePricer.Create(timeline, options);

        // The input is read twice: an index first (a bad header or malformed JSON is refused before anything is written),
        // then the lines as they are priced.
        var visits = new VisitReader(pricer, hospitalCodes);
        visits.Index(Read(inputPath, source(), encoding));
        var file = source();
        var length = file.CanSeek ? file.Length : 0L;
        var lines = Read(inputPath, file, encoding);

        // A file is written beside its target and renamed over it only once complete (SafeFile).
        using var target = outputPath is null ? null : SafeFile.Create(outputPath);
        using var standardOutput = target is null ? console.OpenOutput() : null;
        var outputStream = target?.Stream ?? standardOutput!;
        TextWriter? text = null;
        IResultWriter writer = format switch
        {
            "json" => new JsonResultWriter(outputStream),
            "csv" => new CsvResultWriter(outputStream, explain),
            _ => new TableResultWriter(text = outputPath is null ? console.Out : new StreamWriter(outputStream, leaveOpen: true), outputPath is null && console.OutputIsTerminal, console.Width, explain, labels),
        };

        var totals = new Totals();
        using (writer)
        {
            writer.Begin(timeline.Versions);
            // The reader may close the file before the last line is priced: a closed file reads as wholly read.
            using var progress = inputPath == "-" ? Progress.Start(console, null, 0) : Progress.Start(console, () => file.CanSeek ? file.Position : length, length);
            foreach (var (line, result) in visits.Price(lines))
            {
                totals.Add(result);
                writer.Write(line, result, result.Errors);
                progress.Tick(line.Number);
            }

            writer.End(totals);
        }

        text?.Flush();
        target?.Commit();
        console.Error.WriteLine(Summary(totals, outputPath, labels));
        return totals.Failed == 0 ? ExitCodes.Success : ExitCodes.LineErrors;
    }

    /// <summary>The one line every run ends with on standard error: <c>998 priced, 2 failed → out.csv</c>.</summary>
    internal static string Summary(Totals totals, string? outputPath, Labels labels) => labels.Format(
        "run.summary",
        totals.Priced.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        totals.Failed.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        outputPath ?? labels["run.standard-output"]);

    /// <summary>
    /// Returns how to open the input afresh (the price command reads it twice): the file, or standard input read once into
    /// memory.
    /// </summary>
    private static Func<Stream> Source(CliConsole console, string path)
    {
        if (path == "-")
        {
            using var input = console.OpenInput();
            using var copy = new MemoryStream();
            input.CopyTo(copy);
            var bytes = copy.ToArray();
            return () => new MemoryStream(bytes, writable: false);
        }

        CheckInput(path);
        return () => File.OpenRead(path);
    }

    private static IEnumerable<InputLine> Read(string path, Stream stream, System.Text.Encoding? encoding) =>
        path != "-" && Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? CsvLineReader.Read(stream, encoding) : JsonLineReader.Read(stream, encoding);

    /// <summary>Refuses an input file that does not exist or is neither .csv nor .json.</summary>
    private static void CheckInput(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"The input file '{path}' does not exist.");
        }

        if (Path.GetExtension(path).ToLowerInvariant() is not (".csv" or ".json"))
        {
            throw new UsageException($"The input file '{path}' is neither .csv nor .json; the format is chosen by extension.");
        }

        if (InputKind.NotChargeLines(path) is { } kind)
        {
            throw new UsageException($"The input file '{path}' is {kind}.");
        }
    }

    /// <summary>Opens an input for a command that shows no progress (reconcile).</summary>
    internal static IEnumerable<InputLine> OpenInput(CliConsole console, string path, System.Text.Encoding? encoding)
    {
        if (path == "-")
        {
            return JsonLineReader.Read(console.OpenInput(), encoding);
        }

        CheckInput(path);
        return Read(path, File.OpenRead(path), encoding);
    }
}
