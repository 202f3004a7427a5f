using System.CommandLine;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli;

/// <summary>
/// <c>diff OLD NEW [--format table|json]</c>: every change between two policy versions, those that move money first.
/// Exit 0 when they are equal, 1 when they differ, 2 when a file cannot be read or is invalid.
/// </summary>
internal static class DiffCommand
{
    internal static Command Create(CliConsole console)
    {
        var oldFile = new Argument<string>("OLD") { Description = "The older policy file." };
        var newFile = new Argument<string>("NEW") { Description = "The newer policy file." };
        var format = new Option<string>("--format", "-f") { Description = "Output format: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("diff", "Show every change between two policy versions, those that move money first; exit 0 equal, 1 different.") { oldFile, newFile, format };
        command.SetAction(parse =>
        {
            var diff = PolicyDiff.Compare(PolicyFiles.LoadOne(parse.GetValue(oldFile)!), PolicyFiles.LoadOne(parse.GetValue(newFile)!));
            if (parse.GetValue(format) == "json")
            {
                console.Out.Flush();
                using var output = console.OpenOutput();
                diff.WriteJson(output);
                output.Write("\n"u8);
            }
            else
            {
                console.Out.Write(diff.ToString());
            }

            return diff.IsEmpty ? ExitCodes.Success : ExitCodes.LineErrors;
        });
        return command;
    }
}
