using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Policy;

/// <summary>Finds what a valid policy lists but cannot price, or prices differently from what its tables suggest.</summary>
internal static class PolicyCoverage
{
    private const int Named = 5;

    internal static IReadOnlyList<PolicyProblem> Check(PolicyVersion policy)
    {
        var warnings = new List<PolicyProblem>();
        void Warn(string path, string message) => warnings.Add(new PolicyProblem(path, message));
        var inv = CultureInfo.InvariantCulture;

        // A class-B line needs a ratio row (class A takes 0, class C is self-paid): with no B row for an insurance type, none of its lines can be priced.
        var classB = policy.Catalogue.Count(static e => e.Category == PaymentCategory.B);
        foreach (var type in new[] { InsuranceType.Employee, InsuranceType.Resident })
        {
            if (classB > 0 && !policy.PreSelfPay.Rows.Any(r => r.InsuranceType == type && r.Category == PaymentCategory.B))
            {
                Warn("$.preSelfPay", string.Create(inv, $"No class-B pre-self-pay row for insutype {(int)type} ({(type == InsuranceType.Employee ? "职工" : "城乡居民")}): lines of the {classB} class-B entries fail with missing-ratio for it."));
            }
        }

        for (var i = 0; i < policy.Procurement.Count; i++)
        {
            var group = policy.Procurement[i];
            for (var c = 0; c < group.CatalogueCodes.Length; c++)
            {
                if (!policy.TryGetEntry(group.CatalogueCodes[c], out _))
                {
                    Warn($"$.procurement[{i}].catalogueCodes[{c}]", $"Group '{group.Id}' covers {group.CatalogueCodes[c]}, which the catalogue does not list: its lines fail with not-listed.");
                }
            }

            for (var w = 0; w < group.Winners.Length; w++)
            {
                if (policy.TryGetProduct(group.Winners[w].Product, out var product) && product.Disabled)
                {
                    Warn($"$.procurement[{i}].winners[{w}].product", $"Winner {product.Code} of group '{group.Id}' is disabled: its lines fail with disabled-code.");
                }
            }
        }

        for (var i = 0; i < policy.SettlementMedians.Count; i++)
        {
            if (!policy.TryGetEntry(policy.SettlementMedians[i].Code, out _))
            {
                Warn($"$.settlementMedians[{i}].code", $"The catalogue does not list {policy.SettlementMedians[i].Code}: its median is never used.");
            }

            // A limit must rest on settlements made before it applies: a period reaching the policy's first day includes the policy's own effect.
            if (policy.SettlementMedians[i].To >= policy.EffectiveFrom)
            {
                Warn($"$.settlementMedians[{i}].to", string.Create(inv, $"The median of {policy.SettlementMedians[i].Code} was computed over a period ending {policy.SettlementMedians[i].To:yyyy-MM-dd}, not before the policy's first day {policy.EffectiveFrom:yyyy-MM-dd}."));
            }
        }

        for (var i = 0; i < policy.Recoding.Count; i++)
        {
            var to = policy.Recoding[i].To;
            if (policy.TryGetProduct(to, out var product) && product.Disabled)
            {
                Warn($"$.recoding[{i}].to", $"{policy.Recoding[i].From} is recoded to {to}, which is disabled.");
            }
            else if (!policy.TryGetEntry(to.CatalogueCode, out _))
            {
                Warn($"$.recoding[{i}].to", $"{policy.Recoding[i].From} is recoded to {to}, whose catalogue code {to.CatalogueCode} the catalogue does not list.");
            }
        }

        // The notice makes the median the limit of a high-value item outside procurement and states no case without one:
        // the policy should say (noMedian) when it has such entries.
        if (policy.NoMedian is null)
        {
            var grouped = policy.Procurement.SelectMany(static g => g.CatalogueCodes).ToHashSet();
            var withoutMedian = policy.Catalogue
                .Where(e => e.ValueClass == ValueClass.High && e.Category != PaymentCategory.C && !grouped.Contains(e.Code) && !policy.TryGetSettlementMedian(e.Code, out _))
                .Select(static e => e.KeyText()).ToList();
            if (policy.DefaultEntry is { ValueClass: null or ValueClass.High, Category: not PaymentCategory.C })
            {
                withoutMedian.Add("defaultEntry");
            }

            if (withoutMedian.Count > 0)
            {
                Warn("$.noMedian", string.Create(inv,
                    $"{withoutMedian.Count} high-value entr(ies) outside procurement have no settlement median ({string.Join(", ", withoutMedian.Take(Named))}{(withoutMedian.Count > Named ? ", …" : string.Empty)}), and the policy does not say how to price them: state noMedian (actualPrice, selfPay or reject) and noMedianReason; until then they are priced on the actual price."));
            }
        }

        for (var i = 0; i < policy.Catalogue.Count; i++)
        {
            if (policy.Catalogue[i].Restriction is { Kind: RestrictionKind.NotTogetherWith, ServiceItems.IsDefaultOrEmpty: true })
            {
                Warn($"$.catalogue[{i}].restriction.serviceItems", "The notTogetherWith restriction names no service item code, so it never applies: give the codes of the items it may not be billed with.");
            }
        }

        // The registry can be large: one warning naming the first few, not one per product.
        var unlisted = policy.Products.Where(p => !p.Disabled && !policy.TryGetEntry(p.Code.CatalogueCode, out _)).Select(static p => p.Code).ToList();
        if (unlisted.Count > 0)
        {
            Warn("$.products", string.Create(inv, $"{unlisted.Count} product(s) belong to catalogue codes the catalogue does not list (their lines fail with not-listed): {Names(unlisted)}."));
        }

        return PolicyProblem.InPathOrder(warnings);
    }

    private static string Names(List<ConsumableCode> codes) =>
        string.Join(", ", codes.Take(Named)) + (codes.Count > Named ? ", …" : string.Empty);
}
