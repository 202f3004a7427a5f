using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Testing;

/// <summary>
/// The laws every priced line obeys, as FsCheck properties over any <see cref="IConsumablePricer"/> and a policy, so a
/// vendor can run them against its own wrapper in plain xunit:
/// <code>PricingLaws.CheckAll(myPricer, policy);</code>
/// </summary>
/// <remarks>
/// Each property generates lines with <see cref="PricingGenerators.LinesFor"/>; lines with errors satisfy the laws
/// vacuously, except determinism and batch order. Run with <see cref="Configuration"/>, a law prints nothing when it
/// holds; when it fails, the exception names the law, the line (platform codes, ISO dates) and the amounts.
/// </remarks>
public static class PricingLaws
{
    /// <summary>Checks every law with <paramref name="count"/> generated lines each, quietly; throws on the first failure, naming the law, the line and the amounts.</summary>
    /// <param name="pricer">The pricer under test.</param>
    /// <param name="policy">The policy it prices under (lines are generated from it).</param>
    /// <param name="count">Lines per law.</param>
    /// <exception cref="PricingLawException">A law failed; the message holds the shrunk line and its amounts.</exception>
    public static void CheckAll(IConsumablePricer pricer, PolicyVersion policy, int count = 10_000)
    {
        var config = Configuration(count);
        foreach (var (name, property) in All(pricer, policy))
        {
            Check.One(name, config, property);
        }
    }

    /// <summary>Gets an FsCheck configuration that prints nothing when a property holds and throws <see cref="PricingLawException"/> when it fails.</summary>
    /// <param name="count">The number of tests.</param>
    /// <returns>The configuration.</returns>
    /// <remarks>A failure's message names the property, the shrunk arguments (charge lines with platform codes and ISO dates) and the labels: the laws label each line with its amounts.</remarks>
    public static Config Configuration(int count) => Config.Quick.WithMaxTest(count).WithRunner(QuietRunner.Instance);

    /// <summary>Gets every law by name.</summary>
    /// <param name="pricer">The pricer under test.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The laws.</returns>
    public static IEnumerable<(string Name, Property Property)> All(IConsumablePricer pricer, PolicyVersion policy)
    {
        yield return ("conservation", Conservation(pricer, policy));
        yield return ("signs", Signs(pricer, policy));
        yield return ("platform scale", PlatformScale(pricer, policy));
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
        return Holds(r, !r.IsPriced || r.FullySelfPaid + r.OverLimit + r.PreSelfPay + r.InPolicyScope == r.Total);
    });

    /// <summary>Amounts carry the platform's 2 decimals, the effective limit (<c>pric_uplmt_amt</c>) at least 6 and the ratio (<c>selfpay_prop</c>) at least 4.</summary>
    public static Property PlatformScale(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var r = pricer.Price(line);
        return Holds(r, !r.IsPriced || (new[] { r.Total, r.FullySelfPaid, r.OverLimit, r.PreSelfPay, r.InPolicyScope }.All(static a => a.Scale == 2)
            && r.EffectiveLimit.Scale >= 6 && r.SelfPayRatio.Scale >= 4));
    });

    /// <summary>Every part has the sign of the total (or is zero).</summary>
    public static Property Signs(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var r = pricer.Price(line);
        var sign = Math.Sign(r.Total);
        return Holds(r, !r.IsPriced || new[] { r.FullySelfPaid, r.OverLimit, r.PreSelfPay, r.InPolicyScope }.All(p => p == 0m || Math.Sign(p) == sign));
    });

    /// <summary>Class C and not-listed lines have zero in-policy-scope amount (and are wholly self-paid).</summary>
    public static Property SelfPaidHaveNoInPolicyScope(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var r = pricer.Price(line);
        var classC = policy.TryGetEntry(r.PricedCode, out var entry) && entry.Category == PaymentCategory.C;
        var notListed = !policy.TryGetEntry(r.PricedCode, out _);
        return Holds(r, !r.IsPriced || !(classC || notListed) || (r.InPolicyScope == 0m && r.FullySelfPaid == r.Total));
    });

    /// <summary>Allowed unit price ≤ every applicable limit ≤ the item cap ≤ 50,000.</summary>
    public static Property Limits(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var r = pricer.Price(line);
        if (!r.IsPriced || r.PriceBasis == PriceBasis.SelfPay)
        {
            return Holds(r, true);
        }

        policy.TryGetEntry(r.PricedCode, out var entry);
        var procurement = policy.FindProcurement(r.PricedCode);
        return Holds(r, r.AllowedUnitPrice <= r.EffectiveLimit
            && r.AllowedUnitPrice <= line.UnitPrice
            && r.EffectiveLimit <= policy.ItemCap && policy.ItemCap <= 50_000m
            && (entry?.MaxPaymentLimit is not { } max || r.EffectiveLimit <= max)
            && (procurement.Kind == ProcurementMatchKind.None || r.EffectiveLimit <= procurement.Price));
    });

    /// <summary>Raising the unit price never lowers the patient's share (positive quantities, same ratio row).</summary>
    public static Property MonotonicInPrice(IConsumablePricer pricer, PolicyVersion policy) =>
        Prop.ForAll(PricingGenerators.LinesFor(policy).ToArbitrary(), PricingGenerators.Yuan(1, 100_000).ToArbitrary(), (line, raise) =>
        {
            var low = pricer.Price(line with { Quantity = Math.Abs(line.Quantity) });
            var high = pricer.Price(line with { Quantity = Math.Abs(line.Quantity), UnitPrice = line.UnitPrice + raise });
            return (!low.IsPriced || !high.IsPriced || low.SelfPayRatio != high.SelfPayRatio || Share(high) >= Share(low))
                .Label("at the lower price: " + Amounts(low)).Label("at the higher price: " + Amounts(high));
        });

    /// <summary>For the same line, imported pre-self-pay ≥ domestic pre-self-pay where the table's imported ratio is at least the domestic one (as in Lüliang).</summary>
    public static Property ImportedPaysAtLeastDomestic(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var domestic = pricer.Price(line with { Origin = Origin.Domestic, Quantity = Math.Abs(line.Quantity) });
        var imported = pricer.Price(line with { Origin = Origin.Imported, Quantity = Math.Abs(line.Quantity) });
        return (!domestic.IsPriced || !imported.IsPriced || imported.SelfPayRatio < domestic.SelfPayRatio || imported.PreSelfPay >= domestic.PreSelfPay)
            .Label("domestic: " + Amounts(domestic)).Label("imported: " + Amounts(imported));
    });

    /// <summary>Price(−q) = −Price(q), part by part.</summary>
    public static Property Mirror(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var plus = pricer.Price(line);
        var minus = pricer.Price(line with { Quantity = -line.Quantity });
        var holds = plus.IsPriced == minus.IsPriced
            && (!plus.IsPriced || (minus.Total == -plus.Total && minus.FullySelfPaid == -plus.FullySelfPaid && minus.OverLimit == -plus.OverLimit
                && minus.PreSelfPay == -plus.PreSelfPay && minus.InPolicyScope == -plus.InPolicyScope));
        return holds.Label("the line: " + Amounts(plus)).Label("its refund: " + Amounts(minus));
    });

    /// <summary>Pricing the same line twice gives the same result.</summary>
    public static Property Deterministic(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, line =>
    {
        var (first, second) = (pricer.Price(line), pricer.Price(line));
        return Same(first, second).Label("first: " + Amounts(first)).Label("second: " + Amounts(second));
    });

    /// <summary>A batch returns one result per line, in input order, each equal to the line priced alone, whatever the order.</summary>
    public static Property BatchEqualsLines(IConsumablePricer pricer, PolicyVersion policy) =>
        Prop.ForAll(PricingGenerators.LinesFor(policy).ListOf().SelectMany(static l => Gen.Shuffle(l.ToArray())).ToArbitrary(), lines =>
        {
            var batch = pricer.PriceBatch(lines);
            return batch.Count == lines.Length && lines.Select((l, i) => Same(batch[i], pricer.Price(l))).All(static s => s);
        });

    private static Property ForLines(PolicyVersion policy, Func<ChargeLine, Property> law) =>
        Prop.ForAll(PricingGenerators.LinesFor(policy).ToArbitrary(), law);

    /// <summary>The law's verdict on one line, labelled with its amounts (FsCheck prints the labels of a failing case).</summary>
    private static Property Holds(in PricingResult r, bool holds) => holds.Label(Amounts(r));

    /// <summary>The amounts of a result, named as the platform names them, or its errors.</summary>
    internal static string Amounts(in PricingResult r) => r.IsPriced
        ? string.Create(CultureInfo.InvariantCulture,
            $"det_item_fee_sumamt {r.Total} = fulamt_ownpay_amt {r.FullySelfPaid} + overlmt_amt {r.OverLimit} + preselfpay_amt {r.PreSelfPay} + inscp_scp_amt {r.InPolicyScope}; pric_uplmt_amt {r.EffectiveLimit}, selfpay_prop {r.SelfPayRatio}, policy {r.PolicyId}")
        : "not priced: " + string.Join("; ", r.Errors.Select(static e => e.CodeName + ": " + e.Message));

    private static decimal Share(in PricingResult r) => r.FullySelfPaid + r.OverLimit + r.PreSelfPay;

    private static bool Same(in PricingResult a, in PricingResult b) =>
        a.Total == b.Total && a.FullySelfPaid == b.FullySelfPaid && a.OverLimit == b.OverLimit && a.PreSelfPay == b.PreSelfPay
        && a.InPolicyScope == b.InPolicyScope && a.PriceBasis == b.PriceBasis && a.PolicyId == b.PolicyId && a.Warnings == b.Warnings
        && a.Errors.Select(static e => e.Code).SequenceEqual(b.Errors.Select(static e => e.Code));
}
