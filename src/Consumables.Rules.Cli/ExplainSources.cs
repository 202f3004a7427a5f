using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli;

/// <summary>
/// Where <c>explain</c>'s figures came from, looked up in the policy the line was priced under: the origin (the product
/// registry's registration number, or the line's <c>prodplac_type</c>), the pre-self-pay ratio row (area, insutype,
/// origin, category, band) and the parts of the effective limit (basis, entry, item cap).
/// </summary>
internal static class ExplainSources
{
    internal static IEnumerable<string> Describe(in PricingResult result, PolicyTimeline timeline, Labels labels)
    {
        var id = result.PolicyId;
        if (!result.IsPriced || id is null || result.Entry is not { } entry
            || timeline.Versions.FirstOrDefault(v => v.Id == id) is not { } policy)
        {
            return [];
        }

        var line = result.Line;
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>();

        // The origin: the registry wins over the line's claim (its registration number says 准 or 进).
        Origin? origin = line.Origin;
        string originSource;
        if (policy.TryGetProduct(result.PricedCode, out var product) && product.Origin is { } registered)
        {
            origin = registered;
            var how = product.DeclaredOrigin is not null ? "its declared origin" : $"registration {product.Registration}";
            var claim = line.Origin is { } given ? $"; the line's prodplac_type {(int)given} {(given == registered ? "agrees" : "is overruled")}" : string.Empty;
            originSource = $"{Name(registered)} — the product registry of {policy.Id}: {result.PricedCode}, {how}{claim}";
        }
        else
        {
            originSource = line.Origin is { } given
                ? $"{Name(given)} — the line's prodplac_type {(int)given} (the registry does not list {result.PricedCode})"
                : $"unknown — the registry does not list {result.PricedCode} and the line gives no prodplac_type";
        }

        lines.Add($"{labels["explain.origin"]}: {originSource}");

        // The ratio row: the line's own area in the province, else the area the policy names for out-of-province patients.
        if (entry.Category == PaymentCategory.B)
        {
            var inProvince = line.PoolingArea.Province == policy.Province;
            var area = inProvince ? line.PoolingArea : policy.OutOfProvinceRatioArea;
            var row = area is { } a ? policy.PreSelfPay.Find(line.InsuranceType, a, origin, entry.Category, line.UnitPrice).Row : null;
            var why = inProvince ? $"covers the line's insuplc_admdvs {line.PoolingArea}" : $"outOfProvinceRatioArea, for a patient of {line.PoolingArea}";
            lines.Add(row is null
                ? $"{labels["explain.ratio-row"]}: none found ({why})"
                : string.Create(inv, $"{labels["explain.ratio-row"]}: area {row.Area} ({why}), insutype {(int)row.InsuranceType}, origin {(row.Origin is { } o ? Name(o) : "any")}, class {row.Category}, band {Band(row)} → selfpay_prop {row.Ratio:F4}"));
        }
        else
        {
            lines.Add(string.Create(inv, $"{labels["explain.ratio-row"]}: none needed (class {entry.Category}) → selfpay_prop {result.SelfPayRatio:F4}"));
        }

        // The limit: the basis's own limit, the entry's maximum payment limit and the item cap; the smallest applies.
        var basis = result.PriceBasis switch
        {
            PriceBasis.ProcurementWinner or PriceBasis.ProcurementGroup => policy.FindProcurement(result.PricedCode).Price is var p and > 0 ? p : (decimal?)null,
            PriceBasis.SettlementMedian => policy.TryGetSettlementMedian(result.PricedCode.CatalogueCode, out var median) ? median.Median : null,
            _ => null,
        };
        lines.Add(string.Create(inv, $"{labels["explain.limit"]}: basis {Output.ResultFields.BasisName(result.PriceBasis)} {Limit(basis)}; entry maximum payment limit {Limit(entry.MaxPaymentLimit)}; item cap {Limit(policy.ItemCap)} → {FieldNames.EffectiveLimit} {result.EffectiveLimit:F6} (the smallest)"));
        return lines;
    }

    private static string Name(Origin origin) => origin == Origin.Imported ? "imported (进口, 2)" : "domestic (国产, 1)";

    private static string Band(PreSelfPayRow row) => (row.MinUnitPrice, row.MaxUnitPrice) switch
    {
        (null, null) => "any price",
        ({ } min, null) => string.Create(CultureInfo.InvariantCulture, $"from {min}"),
        (null, { } max) => string.Create(CultureInfo.InvariantCulture, $"below {max}"),
        ({ } min, { } max) => string.Create(CultureInfo.InvariantCulture, $"{min} to below {max}"),
    };

    private static string Limit(decimal? value) => value is { } v ? v.ToString("F6", CultureInfo.InvariantCulture) : "none";
}
