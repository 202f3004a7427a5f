using System.CommandLine;

namespace Consumables.Rules.Cli;

/// <summary><c>validate POLICY…</c>: lists every problem with its JSON path; exit 0 valid, 2 invalid.</summary>
internal static class ValidateCommand
{
    internal static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("POLICY") { Description = "Policy files to validate.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Validate policy files and list every problem with its JSON path.") { files };
        command.SetAction(parse =>
        {
            var invalid = 0;
            foreach (var path in parse.GetValue(files) ?? [])
            {
                try
                {
                    var policy = PolicyFiles.LoadOne(path);
                    console.Out.WriteLine($"{path}: valid ({Output.ResultFields.PolicySummary(policy)}, {policy.Catalogue.Count} entries, {policy.Products.Count} products)");
                }
                catch (UsageException ex)
                {
                    invalid++;
                    console.Out.WriteLine(ex.Message);
                    foreach (var detail in ex.Details)
                    {
                        console.Out.WriteLine("  " + detail);
                    }
                }
            }

            return invalid == 0 ? ExitCodes.Success : ExitCodes.Usage;
        });
        return command;
    }
}
