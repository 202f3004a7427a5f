using System.Globalization;
using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using FsCheck.Fluent;

namespace Consumables.Rules.Benchmarks;

/// <summary>
/// Checks that the hand-written baseline computes what the facade computes, so the benchmarks compare like with like:
/// the benchmarks' lines, the lines with errors, a few edge lines and 10,000 rough generated lines go through both.
/// </summary>
internal static class BaselineVerification
{
    /// <summary>Prices every line through both and reports the first difference.</summary>
    /// <returns>0 when they agree on every line; 1 otherwise.</returns>
    internal static int Run()
    {
        var policy = PolicyVersion.Default;
        var timeline = PolicyTimeline.Create([policy]);
        var pricer = ConsumablePricer.Create(timeline);
        var sets = new (string Name, ChargeLine[] Lines)[]
        {
            ("SampleLines.Mixed(64)", SampleLines.Mixed(64)),
            ("SampleLines.WithErrors(64)", SampleLines.WithErrors(64)),
            ("edge lines", Edges(SampleLines.Mixed(1)[0])),
            ("PricingGenerators.RoughLinesFor(PolicyVersion.Default)", [.. PricingGenerators.RoughLinesFor(policy).Sample(10_000, 100)]),
        };

        foreach (var (name, lines) in sets)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var facade = pricer.Price(lines[i]);
                var baseline = HandWrittenPricer.Price(timeline, lines[i]);
                if (Difference(facade, baseline) is { } difference)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"The baseline differs from the facade on line {i} of {name} ({lines[i]}): {difference}."));
                    return 1;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {lines.Length} lines, the baseline agrees with the facade."));
        }

        return 0;
    }

    /// <summary>Lines the samples do not reach: a context line, widths exceeded, an out-of-province patient, the hospital's area, a mistyped charge item type, a lone refund.</summary>
    private static ChargeLine[] Edges(ChargeLine line) =>
    [
        line with { ChargeItemType = "09" },
        line with { ChargeItemType = "08" },
        line with { Quantity = 1_000_000_000_000m },
        line with { Quantity = 1.00001m },
        line with { Quantity = 1_000_000_000_000m, UnitPrice = 0.0000001m },
        line with { Quantity = 999_999_999_999m, UnitPrice = 999_999_999m },
        line with { PoolingArea = AdministrativeDivision.Parse("110000") },
        line with { PoolingArea = AdministrativeDivision.Parse("110000"), HospitalArea = AdministrativeDivision.Parse("110100") },
        line with { PoolingArea = AdministrativeDivision.Parse("110000"), HospitalArea = AdministrativeDivision.Parse("141100") },
        line with { ChargeItemType = "8" },
        line with { ChargeItemType = "０９" },
        line with { Quantity = -line.Quantity, OriginalSerialNumber = "S1" },
    ];

    private static string? Difference(PricingResult facade, PricingResult baseline)
    {
        var facadeErrors = string.Join(",", facade.Errors.Select(static e => e.CodeName));
        var baselineErrors = string.Join(",", baseline.Errors.Select(static e => e.CodeName));
        (string Field, object? Facade, object? Baseline)[] fields =
        [
            ("Total", facade.Total, baseline.Total),
            ("FullySelfPaid", facade.FullySelfPaid, baseline.FullySelfPaid),
            ("OverLimit", facade.OverLimit, baseline.OverLimit),
            ("PreSelfPay", facade.PreSelfPay, baseline.PreSelfPay),
            ("InPolicyScope", facade.InPolicyScope, baseline.InPolicyScope),
            ("EffectiveLimit", facade.EffectiveLimit, baseline.EffectiveLimit),
            ("SelfPayRatio", facade.SelfPayRatio, baseline.SelfPayRatio),
            ("PriceBasis", facade.PriceBasis, baseline.PriceBasis),
            ("Category", facade.Category, baseline.Category),
            ("Warnings", facade.Warnings, baseline.Warnings),
            ("IsPriced", facade.IsPriced, baseline.IsPriced),
            ("IsContext", facade.IsContext, baseline.IsContext),
            ("error codes", facadeErrors, baselineErrors),
        ];
        foreach (var (field, expected, actual) in fields)
        {
            // Amounts compare with their scale (the platform's 2, 4 and 6 decimals), not by value alone.
            if (!string.Equals(Convert.ToString(expected, CultureInfo.InvariantCulture), Convert.ToString(actual, CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{field} is '{expected}' from the facade, '{actual}' from the baseline");
            }
        }

        return null;
    }
}
