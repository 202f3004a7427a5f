using System.Globalization;
using System.Runtime.CompilerServices;
using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Consumables.Rules.Testing;

/// <summary>An FsCheck runner that prints nothing when a property holds and throws <see cref="PricingLawException"/> when it fails.</summary>
internal sealed class QuietRunner : IRunner
{
    internal static readonly QuietRunner Instance = new();

    private static readonly FSharpFunc<object, string> Formatter = FuncConvert.FromFunc<object, string>(Format);

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
        if (testResult.IsPassed)
        {
            return;
        }

        throw new PricingLawException(name, Runner.onFinishedToStringWithFormatter(Formatter, name, testResult));
    }

    /// <summary>Formats an argument of a failing case: a charge line by its platform fields with an ISO date; tuples element by element.</summary>
    internal static string Format(object? value) => value switch
    {
        null => "null",
        ChargeLine line => Describe(line),
        ChargeLine[] lines => "[" + string.Join(", ", lines.Select(Describe)) + "]",
        ITuple tuple => "(" + string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Format(tuple[i]))) + ")",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Describes a charge line as the platform names its fields, the date in ISO form.</summary>
    internal static string Describe(ChargeLine line) => string.Create(CultureInfo.InvariantCulture,
        $"med_list_codg {line.Code}, cnt {line.Quantity}, pric {line.UnitPrice}, fee_ocur_time {line.ServiceDate:yyyy-MM-dd}, insutype {(int)line.InsuranceType}, insuplc_admdvs {line.PoolingArea}, prodplac_type {(line.Origin is { } origin ? ((int)origin).ToString(CultureInfo.InvariantCulture) : "-")}, hosp_appr_flag {(int)line.HospitalApproval}, service_item_code {line.ServiceItemCode ?? "-"}");
}
