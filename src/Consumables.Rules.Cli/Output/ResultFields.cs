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
        FieldNames.VisitId, FieldNames.HospitalItemCode, FieldNames.MedicalType, FieldNames.OriginalSerialNumber, FieldNames.HospitalArea,
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

    /// <summary>The price_basis written for a context line (a service item, a drug…), which is not priced.</summary>
    internal const string ContextBasis = "context";

    /// <summary>
    /// Formats the output values in the order of <see cref="OutputNames"/>; empty strings for a line not priced. A context
    /// line keeps its <c>med_chrgitm_type</c> and says <c>context</c> as its price basis.
    /// </summary>
    internal static string[] Values(in PricingResult r)
    {
        if (!r.IsPriced)
        {
            var empty = new string[OutputNames.Length];
            Array.Fill(empty, string.Empty);
            empty[PolicyIdIndex] = r.PolicyId ?? string.Empty;
            if (r.IsContext)
            {
                empty[Array.IndexOf(OutputNames, FieldNames.ChargeItemType)] = r.ChargeItemType;
                empty[Array.IndexOf(OutputNames, "price_basis")] = ContextBasis;
            }

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
    /// <param name="warnings">The warnings.</param>
    /// <param name="entry">The entry that applied, whose restriction names the service items of <c>not-together-with</c>.</param>
    internal static IEnumerable<(string Code, string Message)> Warnings(PricingWarnings warnings, Catalogue.CatalogueEntry? entry)
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
            yield return ("no-settlement-median", "A high-value item outside procurement has no settlement median on file; the policy's noMedian decided (actual price without a basis limit, or fully self-paid).");
        }

        if (warnings.HasFlag(PricingWarnings.NotTogetherWith))
        {
            var items = entry?.Restriction is { } r ? string.Join(", ", r.ServiceItems) : "a named service item";
            yield return ("not-together-with", $"The visit bills service item {items}, which this consumable may not be billed with (不能与…同时收取): the line is fully self-paid.");
        }

        if (warnings.HasFlag(PricingWarnings.DefaultEntry))
        {
            yield return ("default-entry", "The code is listed at neither level of the catalogue; it was priced through the policy's default entry (defaultEntry) named in policy_id.");
        }

        if (warnings.HasFlag(PricingWarnings.AboveWinningPrice))
        {
            yield return ("above-winning-price", "pric is above the product's winning price (中选价), at which hospitals must sell it; the excess is over-limit.");
        }

        if (warnings.HasFlag(PricingWarnings.UnregisteredProduct))
        {
            yield return ("unregistered-product", "The 27-character code is not registered under its catalogue code, which has registered products; codes may not be swapped (不得串换).");
        }

        if (warnings.HasFlag(PricingWarnings.OriginConflict))
        {
            yield return ("origin-conflict", "prodplac_type contradicts the product registry; the registry's origin was used.");
        }

        if (warnings.HasFlag(PricingWarnings.FallbackPolicy))
        {
            yield return ("fallback-policy", "The code is not in the policy's catalogue; it was priced under the fallback (previous) policy named in policy_id.");
        }

        if (warnings.HasFlag(PricingWarnings.RefundUnmatched))
        {
            yield return ("refund-unmatched", "The refund's sale (init_feedetl_sn) is not in the input: the refund was priced on its own date, not as the mirror of its sale.");
        }
    }

    /// <summary>Describes the catalogue entry that applied and its level, for the trace; null when none did.</summary>
    internal static string? EntryApplied(in PricingResult r) => r.Entry switch
    {
        null => null,
        { Level: Catalogue.CatalogueLevel.ClassPrefix } e =>
            $"{e.ClassPrefix} {e.Name} (class-prefix entry, 10 characters: {r.PricedCode.CatalogueCode} has no entry of its own)",
        { Level: Catalogue.CatalogueLevel.GenericNameNumber } e =>
            $"{e.GenericNameNumber} {e.Name} (generic-name entry, 医保通用名编号: NHSA's table places {r.PricedCode.CatalogueCode} under it, and it has no entry of its own)",
        { Level: Catalogue.CatalogueLevel.Default } e =>
            $"{e.Name} (the policy's default entry: {r.PricedCode.CatalogueCode} is listed at no other level)",
        var e => $"{e.Code} {e.Name} (catalogue-code entry, 15 characters{(r.GenericNameCode is { } number ? $"; generic name {number} {r.GenericName}" : string.Empty)})",
    };

    internal static string LevelName(Catalogue.CatalogueLevel level) => level switch
    {
        Catalogue.CatalogueLevel.ClassPrefix => "class-prefix",
        Catalogue.CatalogueLevel.GenericNameNumber => "generic-name",
        Catalogue.CatalogueLevel.Default => "default-entry",
        _ => "catalogue-code",
    };

    /// <summary>Describes a policy version in one line: <c>sx-2026-b1 (title, 140000, from 2026-01-01)</c>; an empty title is left out.</summary>
    internal static string PolicySummary(PolicyVersion p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Id} ({(string.IsNullOrWhiteSpace(p.Title) ? string.Empty : p.Title + ", ")}{p.Province}, from {p.EffectiveFrom:yyyy-MM-dd}{(p.EffectiveTo is { } to ? $" to {to:yyyy-MM-dd}" : string.Empty)})");
}
