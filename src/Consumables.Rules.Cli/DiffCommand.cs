using System.CommandLine;
using Consumables.Rules.Cli.Output;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli;

/// <summary>
/// <c>diff OLD NEW [--format table|json] [--output FILE]</c>: every change between two policy versions, those that move money first.
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
        var output = new Option<string?>("--output", "-o") { Description = "Write the changes to FILE instead of standard output." };
        var command = new Command("diff", "Show every change between two policy versions, those that move money first; exit 0 equal, 1 different.") { oldFile, newFile, format, output };
        command.SetAction(parse =>
        {
            var (older, newer, path) = (parse.GetValue(oldFile)!, parse.GetValue(newFile)!, parse.GetValue(output));
            if (path is not null)
            {
                SafeFile.RefuseInputs(path, [older, newer]);
            }

            var diff = PolicyDiff.Compare(PolicyFiles.LoadOne(older), PolicyFiles.LoadOne(newer));
            var json = parse.GetValue(format) == "json";
            if (path is not null)
            {
                SafeFile.Write(path, stream => Write(diff, json, stream));
            }
            else if (json)
            {
                console.Out.Flush();
                using var stream = console.OpenOutput();
                Write(diff, json, stream);
            }
            else
            {
                console.Out.Write(diff.ToString());
            }

            return diff.IsEmpty ? ExitCodes.Success : ExitCodes.LineErrors;
        });
        return command;
    }

    private static void Write(PolicyDiff diff, bool json, Stream stream)
    {
        if (json)
        {
            diff.WriteJson(stream);
            stream.Write("\n"u8);
        }
        else
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(diff.ToString()));
        }
    }
}
