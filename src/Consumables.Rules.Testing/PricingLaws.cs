using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Testing;

/// <summary>
/// The laws every priced line obeys (DESIGN §4), as FsCheck properties over any <see cref="IConsumablePricer"/> and a
/// policy, so a vendor can run them against its own wrapper in plain xunit:
/// <code>PricingLaws.CheckAll(myPricer, policy);</code>
/// </summary>
/// <remarks>Each property generates lines with <see cref="PricingGenerators.LinesFor"/>; lines with errors satisfy the laws vacuously, except determinism and batch order.</remarks>
public static class PricingLaws
{
    /// <summary>Checks every law with <paramref name="count"/> generated lines each; throws on the first failure, naming the law and the line.</summary>
    /// <param name="pricer">The pricer under test.</param>
    /// <param name="policy">The policy it prices under (lines are generated from it).</param>
    /// <param name="count">Lines per law.</param>
    /// <exception cref="Exception">A law failed (FsCheck's failure, with the shrunk counter-example).</exception>
    public static void CheckAll(IConsumablePricer pricer, PolicyVersion policy, int count = 10_000)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(count);
        foreach (var (name, property) in All(pricer, policy))
        {
            Check.One(name, config, property);
        }
    }

    /// <summary>Gets every law by name.</summary>
    /// <param name="pricer">The pricer under test.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The laws.</returns>
    public static IEnumerable<(string Name, Property Property)> All(IConsumablePricer pricer, PolicyVersion policy)
    {
        yield return ("conservation", Conservation(pricer, policy));
        yield return ("signs", Signs(pricer, policy));
        yield return ("self-paid lines have no in-policy amount", SelfPaidHaveNoInPolicyScope(pricer, policy));
        yield return ("limits", Limits(pricer, policy));
        yield return ("monotonic in price", MonotonicInPrice(pricer, policy));
        yield return ("imported pays at least domestic", ImportedPaysAtLeastDomestic(pricer, policy));
        yield return ("mirror", Mirror(pricer, policy));
        yield return ("deterministic", Deterministic(pricer, policy));
        yield return ("batch equals its lines in any order", BatchEqualsLines(pricer, policy));
    }

    /// <summary>fully-self-paid + over-limit + pre-self-pay + in-policy-scope = total, to the fen.</summary>
    public static Property Conservation(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var r = pricer.Price(line);
        return !r.IsPriced || r.FullySelfPaid + r.OverLimit + r.PreSelfPay + r.InPolicyScope == r.Total;
    });

    /// <summary>Every part has the sign of the total (or is zero).</summary>
    public static Property Signs(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var r = pricer.Price(line);
        var sign = Math.Sign(r.Total);
        return !r.IsPriced || new[] { r.FullySelfPaid, r.OverLimit, r.PreSelfPay, r.InPolicyScope }.All(p => p == 0m || Math.Sign(p) == sign);
    });

    /// <summary>Class C and not-listed lines have zero in-policy-scope amount (and are wholly self-paid).</summary>
    public static Property SelfPaidHaveNoInPolicyScope(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var r = pricer.Price(line);
        var classC = policy.TryGetEntry(r.PricedCode.CatalogueCode, out var entry) && entry.Category == PaymentCategory.C;
        var notListed = !policy.TryGetEntry(r.PricedCode.CatalogueCode, out _);
        return !r.IsPriced || !(classC || notListed) || (r.InPolicyScope == 0m && r.FullySelfPaid == r.Total);
    });

    /// <summary>Allowed unit price ≤ every applicable limit ≤ the item cap ≤ 50,000.</summary>
    public static Property Limits(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var r = pricer.Price(line);
        if (!r.IsPriced || r.PriceBasis == PriceBasis.SelfPay)
        {
            return true;
        }

        policy.TryGetEntry(r.PricedCode.CatalogueCode, out var entry);
        var procurement = policy.FindProcurement(r.PricedCode);
        return r.AllowedUnitPrice <= r.EffectiveLimit
            && r.AllowedUnitPrice <= line.UnitPrice
            && r.EffectiveLimit <= policy.ItemCap && policy.ItemCap <= 50_000m
            && (entry?.MaxPaymentLimit is not { } max || r.EffectiveLimit <= max)
            && (procurement.Kind == ProcurementMatchKind.None || r.EffectiveLimit <= procurement.Price);
    });

    /// <summary>Raising the unit price never lowers the patient's share (positive quantities, same ratio row).</summary>
    public static Property MonotonicInPrice(IConsumablePricer pricer, PolicyVersion policy) =>
        Prop.ForAll(PricingGenerators.LinesFor(policy).ToArbitrary(), PricingGenerators.Yuan(1, 100_000).ToArbitrary(), (line, raise) =>
        {
            var low = pricer.Price(line with { Quantity = Math.Abs(line.Quantity) });
            var high = pricer.Price(line with { Quantity = Math.Abs(line.Quantity), UnitPrice = line.UnitPrice + raise });
            return !low.IsPriced || !high.IsPriced || low.SelfPayRatio != high.SelfPayRatio || Share(high) >= Share(low);
        });

    /// <summary>For the same line, imported pre-self-pay ≥ domestic pre-self-pay where the table's imported ratio is at least the domestic one (as in Lüliang).</summary>
    public static Property ImportedPaysAtLeastDomestic(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var domestic = pricer.Price(line with { Origin = Origin.Domestic, Quantity = Math.Abs(line.Quantity) });
        var imported = pricer.Price(line with { Origin = Origin.Imported, Quantity = Math.Abs(line.Quantity) });
        return !domestic.IsPriced || !imported.IsPriced || imported.SelfPayRatio < domestic.SelfPayRatio || imported.PreSelfPay >= domestic.PreSelfPay;
    });

    /// <summary>Price(−q) = −Price(q), part by part.</summary>
    public static Property Mirror(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var plus = pricer.Price(line);
        var minus = pricer.Price(line with { Quantity = -line.Quantity });
        return plus.IsPriced != minus.IsPriced ? false
            : !plus.IsPriced || (minus.Total == -plus.Total && minus.FullySelfPaid == -plus.FullySelfPaid && minus.OverLimit == -plus.OverLimit
                && minus.PreSelfPay == -plus.PreSelfPay && minus.InPolicyScope == -plus.InPolicyScope);
    });

    /// <summary>Pricing the same line twice gives the same result.</summary>
    public static Property Deterministic(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
        Same(pricer.Price(line), pricer.Price(line)));

    /// <summary>A batch returns one result per line, in input order, each equal to the line priced alone, whatever the order.</summary>
    public static Property BatchEqualsLines(IConsumablePricer pricer, PolicyVersion policy) =>
        Prop.ForAll(PricingGenerators.LinesFor(policy).ListOf().SelectMany(static l => Gen.Shuffle(l.ToArray())).ToArbitrary(), lines =>
        {
            var batch = pricer.PriceBatch(lines);
            return batch.Count == lines.Length && lines.Select((l, i) => Same(batch[i], pricer.Price(l))).All(static s => s);
        });

    private static Property ForLines(PolicyVersion policy, Func<ChargeLine, bool> law) =>
        Prop.ForAll(PricingGenerators.LinesFor(policy).ToArbitrary(), law);

    private static decimal Share(in PricingResult r) => r.FullySelfPaid + r.OverLimit + r.PreSelfPay;

    private static bool Same(in PricingResult a, in PricingResult b) =>
        a.Total == b.Total && a.FullySelfPaid == b.FullySelfPaid && a.OverLimit == b.OverLimit && a.PreSelfPay == b.PreSelfPay
        && a.InPolicyScope == b.InPolicyScope && a.PriceBasis == b.PriceBasis && a.PolicyId == b.PolicyId && a.Warnings == b.Warnings
        && a.Errors.Select(static e => e.Code).SequenceEqual(b.Errors.Select(static e => e.Code));
}
