using System.CommandLine;
using Consumables.Rules.Catalogue;

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
                    for (var i = 0; i < policy.Catalogue.Count; i++)
                    {
                        if (!GenericName.BeginsWithLevel3Name(policy.Catalogue[i]))
                        {
                            console.Out.WriteLine($"  warning: $.catalogue[{i}].name: '{policy.Catalogue[i].Name}' does not begin with its level-3 name '{policy.Catalogue[i].Level3Name}' (医保通用名: the level-3 name first, then material and features).");
                        }
                    }
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
