using System.CommandLine;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Cli.Output;

namespace Consumables.Rules.Cli.Reconcile;

/// <summary><c>reconcile [--policy FILE]… [--format table|json|csv|html] [--output FILE] [--engine compiled|nrules] INPUT</c>: the platform's returned split held against the rules.</summary>
internal static class ReconcileCommand
{
    internal static Command Create(CliConsole console, Option<string[]> policies)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: table, json, csv or html (one self-contained page).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv", "html");
        var output = new Option<string?>("--output", "-o") { Description = "Write the reconciliation to FILE instead of standard output." };
        var input = new Argument<string>("INPUT")
        {
            Description = "The platform's returned lines (det_item_fee_sumamt, …): its 2301 response {\"output\": {\"result\": […]}}, an array, {\"lines\": […]} or a .csv; - for JSON on standard input.",
        };
        var sent = new Option<string?>("--sent")
        {
            Description = "The fee-detail file the HIS sent (.csv or .json), joined on feedetl_sn: it gives each returned line its code, date, med_chrgitm_type, service items and approvals.",
        };

        var command = new Command("reconcile", "Hold the split the platform returned for each line against the rules and explain every difference.")
        {
            policies, EngineChoice.Option, format, output, sent, input,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(policies) ?? [],
            parse.GetValue(format) ?? "table",
            parse.GetValue(output),
            parse.GetValue(input)!,
            EngineChoice.From(parse),
            parse.GetValue(sent),
            Labels.From(parse, console)));
        return command;
    }

    internal static int Run(CliConsole console, IReadOnlyList<string> policyPaths, string format, string? outputPath, string inputPath, PricingEngine engine = PricingEngine.Compiled, string? sentPath = null, Labels? labels = null)
    {
        labels ??= Labels.English;
        if (outputPath is not null)
        {
            SafeFile.RefuseInputs(outputPath, [.. policyPaths, inputPath, .. (sentPath is null ? Array.Empty<string>() : [sentPath])], console.StandardInputFile);
        }

        var timeline = PolicyFiles.LoadTimeline(policyPaths);
        var lines = PriceCommand.OpenInput(console, inputPath, encoding: null);
        if (sentPath is not null)
        {
            lines = ReturnedLines.Join(lines, PriceCommand.OpenInput(console, sentPath, encoding: null));
        }

        var reconciliation = new Reconciliation(ConsumablePricer.Create(timeline, EngineChoice.Options(engine)));

        // A file is written beside its target and renamed over it only once complete (SafeFile).
        using var target = outputPath is null ? null : SafeFile.Create(outputPath);
        using var standardOutput = target is null ? console.OpenOutput() : null;
        var outputStream = target?.Stream ?? standardOutput!;
        TextWriter? text = null;
        IReconciliationWriter writer = format switch
        {
            "json" => new JsonReconciliationWriter(outputStream),
            "csv" => new CsvReconciliationWriter(outputStream),
            "html" => new HtmlReconciliationWriter(outputStream, labels),
            _ => new TableReconciliationWriter(text = outputPath is null ? console.Out : new StreamWriter(outputStream, leaveOpen: true)),
        };

        var summary = new ReconciliationSummary();
        using (writer)
        {
            writer.Begin(timeline.Versions);
            using var progress = Progress.Start(console, null, 0);
            foreach (var (line, reconciled) in new ReturnedLines(reconciliation).Reconcile(lines))
            {
                summary.Add(reconciled);
                writer.Write(line, reconciled);
                progress.Tick(line.Number);
            }

            writer.End(summary);
        }

        text?.Flush();
        target?.Commit();
        console.Error.WriteLine(labels.Format("reconcile.summary", summary.Lines, summary.Agree, summary.Differ, summary.Errors, outputPath ?? labels["run.standard-output"]));
        return summary.Agree == summary.Lines ? ExitCodes.Success : ExitCodes.LineErrors;
    }

    /// <summary>The serial number of a line as given, or empty.</summary>
    internal static string Serial(InputLine input) => input.Raw.SerialNumber ?? string.Empty;

    /// <summary>The code of a line as given, or empty.</summary>
    internal static string Code(InputLine input) => input.Raw.Code ?? string.Empty;
}
