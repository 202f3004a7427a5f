using System.Globalization;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Output;

/// <summary>The output fields of a priced line, formatted once for every output format (platform names and precisions).</summary>
internal static class ResultFields
{
    /// <summary>The input columns, by the platform's names.</summary>
    internal static readonly string[] InputNames =
    [
        FieldNames.SerialNumber, FieldNames.Code, FieldNames.Quantity, FieldNames.UnitPrice, FieldNames.ServiceTime,
        FieldNames.InsuranceType, FieldNames.PoolingArea, FieldNames.Origin, FieldNames.HospitalApproval, FieldNames.ServiceItemCode,
    ];

    /// <summary>The output columns, by the platform's names, then the library's own.</summary>
    internal static readonly string[] OutputNames =
    [
        FieldNames.Total, FieldNames.EffectiveLimit, FieldNames.SelfPayRatio, FieldNames.FullySelfPaid, FieldNames.OverLimit,
        FieldNames.PreSelfPay, FieldNames.InPolicyScope, FieldNames.ChargeItemLevel, FieldNames.ChargeItemType,
        FieldNames.RestrictedFlag, "priced_code", "policy_id", "price_basis", "generic_name_code", "generic_name",
    ];

    private static readonly int PolicyIdIndex = Array.IndexOf(OutputNames, "policy_id");

    internal static string Amount(decimal value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Formats the output values in the order of <see cref="OutputNames"/>; empty strings for a line not priced.</summary>
    internal static string[] Values(in PricingResult r)
    {
        if (!r.IsPriced)
        {
            var empty = new string[OutputNames.Length];
            Array.Fill(empty, string.Empty);
            empty[PolicyIdIndex] = r.PolicyId ?? string.Empty;
            return empty;
        }

        return
        [
            Amount(r.Total),
            r.EffectiveLimit.ToString("F6", CultureInfo.InvariantCulture),
            r.SelfPayRatio.ToString("F4", CultureInfo.InvariantCulture),
            Amount(r.FullySelfPaid),
            Amount(r.OverLimit),
            Amount(r.PreSelfPay),
            Amount(r.InPolicyScope),
            r.ChargeItemLevel,
            r.ChargeItemType,
            r.IsRestricted ? "1" : "0",
            r.PricedCode.ToString(),
            r.PolicyId ?? string.Empty,
            BasisName(r.PriceBasis),
            r.GenericNameCode?.ToString() ?? string.Empty,
            r.GenericName ?? string.Empty,
        ];
    }

    internal static string BasisName(PriceBasis basis) => basis switch
    {
        PriceBasis.ProcurementWinner => "procurement-winner",
        PriceBasis.ProcurementGroup => "procurement-group",
        PriceBasis.SettlementMedian => "settlement-median",
        PriceBasis.ActualPrice => "actual-price",
        PriceBasis.SelfPay => "self-pay",
        _ => string.Empty,
    };

    /// <summary>The warnings of a result as (code, message) pairs.</summary>
    internal static IEnumerable<(string Code, string Message)> Warnings(PricingWarnings warnings)
    {
        if (warnings.HasFlag(PricingWarnings.NotListed))
        {
            yield return ("not-listed", "The code is not in the catalogue: the line is fully self-paid.");
        }

        if (warnings.HasFlag(PricingWarnings.Recoded))
        {
            yield return ("recoded", "The code was recoded by NHSA; the line was priced under its new code (priced_code).");
        }

        if (warnings.HasFlag(PricingWarnings.NoSettlementMedian))
        {
            yield return ("no-settlement-median", "A high-value item with no settlement median on file was priced without a basis limit.");
        }
    }

    /// <summary>Describes the catalogue entry that applied and its level, for the trace; null when none did.</summary>
    internal static string? EntryApplied(in PricingResult r) => r.Entry switch
    {
        null => null,
        { Level: Catalogue.CatalogueLevel.GenericName } e =>
            $"{e.GenericNameCode} {e.Name} (generic-name entry, 10 characters: {r.PricedCode.CatalogueCode} has no entry of its own)",
        var e => $"{e.Code} {e.Name} (catalogue-code entry, 15 characters; generic name {e.GenericNameCode})",
    };

    internal static string LevelName(Catalogue.CatalogueLevel level) => level == Catalogue.CatalogueLevel.GenericName ? "generic-name" : "catalogue-code";

    internal static string PolicySummary(PolicyVersion p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Id} ({p.Title}, {p.Province}, from {p.EffectiveFrom:yyyy-MM-dd}{(p.EffectiveTo is { } to ? $" to {to:yyyy-MM-dd}" : string.Empty)})");
}
