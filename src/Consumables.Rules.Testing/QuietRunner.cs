using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Consumables.Rules.Testing;

/// <summary>An FsCheck runner that prints nothing when a property holds and throws <see cref="PricingLawException"/> when it fails.</summary>
internal sealed class QuietRunner : IRunner
{
    internal static readonly QuietRunner Instance = new();

    private const string WhatBrokeHeading = "What broke:";

    public void OnStartFixture(Type t)
    {
    }

    public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
    {
    }

    public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
    {
    }

    public void OnFinished(string name, TestResult testResult)
    {
        switch (testResult)
        {
            case TestResult.Failed failed:
                throw Failure(name, failed);
            case TestResult.Exhausted exhausted:
                throw new PricingLawException(name, Invariant($"{Title(name, name)}: FsCheck gave up after {exhausted.Item.NumberOfTests} tests: too many generated cases were rejected."));
        }
    }

    /// <summary>Formats a law's findings and the amounts behind them as one label (FsCheck keeps labels in a set, so one label keeps their order).</summary>
    internal static string WhatBroke(IReadOnlyList<string> findings, string details)
    {
        var text = new StringBuilder(WhatBrokeHeading);
        foreach (var finding in findings)
        {
            text.AppendLine().Append("  ").Append(finding);
        }

        if (details.Length > 0)
        {
            text.AppendLine().Append(details);
        }

        return text.ToString();
    }

    /// <summary>Reads a replay as a failure prints it: <c>seed,gamma,size</c>.</summary>
    internal static FSharpOption<Replay> ParseReplay(string replay)
    {
        var parts = replay.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gamma)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new ArgumentException($"The replay '{replay}' is not of the form seed,gamma,size (three whole numbers, as a failure prints it).", nameof(replay));
        }

        return FSharpOption<Replay>.Some(new Replay(new Rnd(seed, gamma), FSharpOption<int>.Some(size)));
    }

    private static PricingLawException Failure(string name, TestResult.Failed failed)
    {
        var data = failed.Item1;
        var labels = data.Labels.ToList();
        var law = labels.Where(static l => l.StartsWith(PricingLaws.LawLabel, StringComparison.Ordinal)).Select(static l => l[PricingLaws.LawLabel.Length..]).FirstOrDefault()
            ?? (PricingLaws.Names.Contains(name) ? name : null);
        var others = labels.Where(static l => !l.StartsWith(PricingLaws.LawLabel, StringComparison.Ordinal)).ToList();
        var original = failed.Item2.ToList();
        var shrunk = failed.Item3.ToList();
        var replay = Invariant($"{failed.Item6.Seed},{failed.Item6.Gamma},{failed.Item7}");
        var text = new StringBuilder();
        text.Append(Title(name, law)).Append(Invariant($" fails: falsified after {data.NumberOfTests} test{(data.NumberOfTests == 1 ? string.Empty : "s")}, shrunk {data.NumberOfShrinks} time{(data.NumberOfShrinks == 1 ? string.Empty : "s")}."));
        text.AppendLine().Append(shrunk.Count == 1 ? "The case:" : "The cases:");
        shrunk.ForEach(a => text.AppendLine().Append("  ").Append(Format(a)));
        var whatBroke = others.FirstOrDefault(static l => l.StartsWith(WhatBrokeHeading, StringComparison.Ordinal));
        if (whatBroke is not null)
        {
            text.AppendLine().Append(whatBroke);
        }

        var rest = others.Where(l => l != whatBroke).ToList();
        if (rest.Count > 0)
        {
            text.AppendLine().Append("Labels:");
            rest.ForEach(l => text.AppendLine().Append("  ").Append(l));
        }

        // FsCheck reports a property that returned false as an exception "Expected true, got false."; only a real one is news.
        if (failed.Item4 is Outcome.Failed { Item: { } exception } && !(exception.GetType() == typeof(Exception) && exception.Message.StartsWith("Expected true", StringComparison.Ordinal)))
        {
            text.AppendLine().Append("The property threw: ").Append(exception);
        }

        if (data.NumberOfShrinks > 0)
        {
            text.AppendLine().Append("First found as:");
            original.ForEach(a => text.AppendLine().Append("  ").Append(Format(a)));
        }

        var call = law is not null && PricingLaws.Names.Contains(law)
            ? Invariant($"PricingLaws.Check(\"{law}\", pricer, policy, replay: \"{replay}\");")
            : Invariant($"Check.One(PricingLaws.Configuration(1, replay: \"{replay}\"), property);");
        text.AppendLine().Append(Invariant($"Replay {replay} (seed,gamma,size) runs this case again, with the same pricer and policy:"));
        text.AppendLine().Append("  ").Append(call);
        return new PricingLawException(law ?? name, text.ToString(), replay, FirstLine(shrunk));
    }

    private static string Title(string name, string? law) =>
        law is not null ? $"Pricing law '{law}'" + (string.IsNullOrEmpty(name) || name == law ? string.Empty : $" (in '{name}')")
        : string.IsNullOrEmpty(name) ? "The property" : $"The property '{name}'";

    private static ChargeLine? FirstLine(List<object> args) => args.Select(static a => a switch
    {
        ChargeLine line => line,
        ChargeLine[] { Length: > 0 } lines => lines.FirstOrDefault(static l => !l.IsContext),
        ITuple tuple when tuple.Length > 0 && tuple[0] is ChargeLine line => line,
        _ => (ChargeLine?)null,
    }).FirstOrDefault(static l => l is not null);

    /// <summary>Formats an argument of a failing case: a charge line by its platform fields with an ISO date; tuples element by element.</summary>
    internal static string Format(object? value) => value switch
    {
        null => "null",
        ChargeLine line => Describe(line),
        ChargeLine[] lines => "[" + string.Join(", ", lines.Select(static l => "{" + Describe(l) + "}")) + "]",
        ITuple tuple => "(" + string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Format(tuple[i]))) + ")",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Describes a charge line as the platform names its fields, the date in ISO form.</summary>
    internal static string Describe(in ChargeLine line) => line.IsContext
        ? Invariant($"med_chrgitm_type {line.ChargeItemType}, med_list_codg {line.ContextCode}, cnt {line.Quantity}, pric {line.UnitPrice}, fee_ocur_time {line.ServiceDate:yyyy-MM-dd}")
        : Invariant($"med_list_codg {line.Code}, cnt {line.Quantity}, pric {line.UnitPrice}, fee_ocur_time {line.ServiceDate:yyyy-MM-dd}, insutype {(int)line.InsuranceType}, insuplc_admdvs {line.PoolingArea}, prodplac_type {(line.Origin is { } origin ? ((int)origin).ToString(CultureInfo.InvariantCulture) : "-")}, hosp_appr_flag {(int)line.HospitalApproval}, service_item_code {line.ServiceItemCode ?? "-"}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
