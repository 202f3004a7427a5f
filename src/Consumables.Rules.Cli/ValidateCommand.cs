using System.CommandLine;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli;

/// <summary>
/// <c>validate POLICY…</c>: lists every problem of each file — shape and content together, ordered by path — and, for a
/// valid policy, warns where it cannot price what it lists. Exit 0 when every file is valid (warnings or not), 2 otherwise.
/// </summary>
internal static class ValidateCommand
{
    internal static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("POLICY") { Description = "Policy files to validate.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Validate policy files: every problem with its JSON path, then warnings where a policy cannot price what it lists.") { files };
        command.SetAction(parse =>
        {
            var invalid = 0;
            foreach (var path in parse.GetValue(files) ?? [])
            {
                try
                {
                    var policy = PolicyFiles.LoadOne(path);
                    // What it cannot price (in path order), then the entries whose name breaks the naming rule (医保通用名), in catalogue order.
                    var warnings = policy.CheckCoverage()
                        .Concat(policy.Catalogue
                            .Select(static (e, i) => (Entry: e, Index: i))
                            .Where(static x => !GenericName.BeginsWithLevel3Name(x.Entry))
                            .Select(static x => new PolicyProblem(
                                $"$.catalogue[{x.Index}].name",
                                $"'{x.Entry.Name}' does not begin with its level-3 name '{x.Entry.Level3Name}' (医保通用名: the level-3 name first, then material and features).")))
                        .ToList();
                    console.Out.WriteLine($"{path}: valid ({Output.ResultFields.PolicySummary(policy)}, {policy.Catalogue.Count} entries, {policy.Products.Count} products), {warnings.Count} warning(s)");
                    foreach (var warning in warnings)
                    {
                        console.Out.WriteLine($"  warning: {warning.Path}: {warning.Message}");
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
