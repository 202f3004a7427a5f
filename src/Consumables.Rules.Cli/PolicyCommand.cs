using System.CommandLine;
using System.Globalization;
using Consumables.Rules.Cli.Output;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli;

/// <summary>
/// <c>policy export [default|FILE…] -o OUT</c> writes policies as files (the embedded default included);
/// <c>policy list [default|FILE…]</c> shows the versions a set of files makes: ids, periods, fallbacks.
/// </summary>
internal static class PolicyCommand
{
    internal static Command Create(CliConsole console) => new("policy", "Export or list policies; 'default' names the embedded default policy.")
    {
        Export(console),
        List(console),
    };

    private static Command Export(CliConsole console)
    {
        var sources = Sources("The policies to export: 'default' (the embedded default policy) or policy files; none means default.");
        var output = new Option<string>("--output", "-o")
        {
            Description = "The file to write (one policy), or an existing folder that gets one <id>.json per version (several).",
            Required = true,
        };
        var command = new Command("export", "Write policies as consumables-policy/1 JSON files: one policy to a file, a timeline's versions to a folder.") { sources, output };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(sources) is { Length: > 0 } given ? given : [PolicyFiles.DefaultName];
            var target = parse.GetValue(output)!;
            var versions = PolicyFiles.LoadTimeline(names).Versions;
            if (versions.Count == 1 && !Directory.Exists(target))
            {
                SafeFile.RefuseInputs(target, names);
                SafeFile.Write(target, versions[0].WriteJson);
                console.Error.WriteLine($"{versions[0].Id} → {target}");
                return ExitCodes.Success;
            }

            if (!Directory.Exists(target))
            {
                throw new UsageException($"'{target}' is not a folder: {versions.Count} versions are written as one file each, <id>.json, into an existing folder.");
            }

            var files = versions.Select(v => Path.Combine(target, v.Id + ".json")).ToList();
            for (var i = 0; i < versions.Count; i++)
            {
                SafeFile.RefuseInputs(files[i], names);
                SafeFile.Write(files[i], versions[i].WriteJson);
                console.Error.WriteLine($"{versions[i].Id} → {files[i]}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var sources = Sources("Policy files, or 'default' for the embedded default policy; none means default.");
        var command = new Command("list", "Show the versions a set of policy files makes, by date: id, period, province, fallback.") { sources };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(sources) is { Length: > 0 } given ? given : [PolicyFiles.DefaultName];
            var versions = PolicyFiles.LoadTimeline(names).Versions;
            foreach (var line in Describe(versions))
            {
                console.Out.WriteLine(line);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One line per version in date order, then the gaps between them; a fallback not among the versions is said to be missing.</summary>
    internal static IEnumerable<string> Describe(IReadOnlyList<PolicyVersion> versions)
    {
        var ids = versions.Select(static v => v.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var v in versions)
        {
            var period = string.Create(CultureInfo.InvariantCulture, $"{v.EffectiveFrom:yyyy-MM-dd} – {(v.EffectiveTo is { } to ? to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "open")}");
            var fallback = v.FallbackPolicyId switch
            {
                null => "no fallback",
                var f when ids.Contains(f) => $"fallback {f}",
                var f => $"fallback {f} (not loaded: codes outside the catalogue get not-listed)",
            };
            yield return string.Create(CultureInfo.InvariantCulture, $"{v.Id}  {period}  {v.Province}  {v.Catalogue.Count} entries, {v.Products.Count} products  {fallback}  {v.Title}").TrimEnd();
        }

        for (var i = 1; i < versions.Count; i++)
        {
            if (versions[i - 1].EffectiveTo is { } end && end.AddDays(1) < versions[i].EffectiveFrom)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"gap: no version in force {end.AddDays(1):yyyy-MM-dd} – {versions[i].EffectiveFrom.AddDays(-1):yyyy-MM-dd}");
            }
        }
    }

    private static Argument<string[]> Sources(string description) => new("POLICY") { Description = description, Arity = ArgumentArity.ZeroOrMore };
}
