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
                        .Concat(NhsaWarnings(policy))
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

    /// <summary>
    /// Warns about each class-prefix entry (it pays codes the province did not list: wider than the notice allows) and, when
    /// NHSA's generic-name table is loaded, about each entry whose name is not NHSA's generic name for its code or number.
    /// </summary>
    private static IEnumerable<PolicyProblem> NhsaWarnings(PolicyVersion policy)
    {
        for (var i = 0; i < policy.Catalogue.Count; i++)
        {
            var e = policy.Catalogue[i];
            var path = $"$.catalogue[{i}]";
            if (e.Level == CatalogueLevel.ClassPrefix)
            {
                yield return new PolicyProblem(path + ".code", $"Class prefix {e.ClassPrefix} pays every code under it without an entry of its own, codes the province did not list included: wider than the notice allows (「不得…用变通的方法增加目录内医用耗材」). Key the entry by its 6-digit 医保通用名编号 or its 15-character codes.");
                continue;
            }

            var nhsa = e.Level == CatalogueLevel.GenericNameNumber
                ? policy.TryGetGenericName(e.GenericNameNumber!.Value, out var byNumber) ? byNumber : null
                : policy.TryGetGenericName(e.Code, out var byCode) ? byCode : null;
            if (nhsa is not null && !string.Equals(nhsa.Name, e.Name, StringComparison.Ordinal))
            {
                yield return new PolicyProblem(path + ".name", $"'{e.Name}' is not NHSA's generic name {nhsa.Number} '{nhsa.Name}' for this {(e.Level == CatalogueLevel.GenericNameNumber ? "number" : "code")}.");
            }
            else if (e.Level == CatalogueLevel.GenericNameNumber && policy.GenericNames.Count > 0 && nhsa is null)
            {
                yield return new PolicyProblem(path + ".code", $"NHSA's generic-name table has no number {e.GenericNameNumber}: the entry pays no code.");
            }
        }

        if (policy.GenericNames.Count == 0 && policy.Catalogue.Any(static e => e.Level == CatalogueLevel.GenericNameNumber))
        {
            yield return new PolicyProblem("$.genericNames", "Entries are keyed by 医保通用名编号, but NHSA's generic-name table is not loaded (consumables import generic-names FILE --into POLICY): they pay no code.");
        }
    }
}
