using System.CommandLine;
using System.Text.Json;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli;

/// <summary><c>diff OLD NEW [--format table|json]</c>: entries added, removed and changed, and changed ratios.</summary>
internal static class DiffCommand
{
    internal static Command Create(CliConsole console)
    {
        var oldFile = new Argument<string>("OLD") { Description = "The older policy file." };
        var newFile = new Argument<string>("NEW") { Description = "The newer policy file." };
        var format = new Option<string>("--format", "-f") { Description = "Output format: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("diff", "Show what changed between two policy versions.") { oldFile, newFile, format };
        command.SetAction(parse =>
        {
            var diff = PolicyDiff.Compare(PolicyFiles.LoadOne(parse.GetValue(oldFile)!), PolicyFiles.LoadOne(parse.GetValue(newFile)!));
            if (parse.GetValue(format) == "json")
            {
                console.Out.WriteLine(JsonSerializer.Serialize(diff, new JsonSerializerOptions
                {
                    WriteIndented = true,
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                    PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                }));
            }
            else
            {
                console.Out.Write(diff.ToString());
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
