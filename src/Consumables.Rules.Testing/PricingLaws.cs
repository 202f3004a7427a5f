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
/// Each property generates lines with <see cref="PricingGenerators.ArbitraryLinesFor"/> (half of them on a rounding
/// midpoint) and shrinks a failing line to a simple one; lines with errors satisfy the laws vacuously, except
/// determinism, batch order and visits. Run with <see cref="Configuration"/>, a law prints nothing when it holds; when it
/// fails, <see cref="PricingLawException"/> names the law (<see cref="PricingLawException.Law"/>), the line (platform
/// codes, ISO dates), what broke with the expected and actual values, and the one call that replays the failure.
/// </remarks>
public static class PricingLaws
{
    /// <summary>The label that tells the runner which law a property is (FsCheck labels survive <c>Check.One</c> without a name).</summary>
    internal const string LawLabel = "pricing law: ";

    private static readonly string[] LawNames =
    [
        "rounding", "conservation", "signs", "platform scale", "self-paid lines", "limits", "monotonic in price",
        "imported pays at least domestic", "mirror", "deterministic", "raw text prices as the typed line",
        "batch equals its lines in any order", "a visit returns every line",
    ];

    /// <summary>The laws, in the order of <see cref="LawNames"/>.</summary>
    private static readonly Func<IConsumablePricer, PolicyVersion, Property>[] LawProperties =
    [
        Rounding, Conservation, Signs, PlatformScale, SelfPaidHaveNoInPolicyScope, Limits, MonotonicInPrice,
        ImportedPaysAtLeastDomestic, Mirror, Deterministic, RawTextPricesAsTyped, BatchEqualsLines, VisitReturnsEveryLine,
    ];

    /// <summary>Gets the names of the laws <see cref="CheckAll"/> checks, in the order it checks them.</summary>
    public static IReadOnlyList<string> Names => LawNames;

    /// <summary>Checks every law with <paramref name="count"/> generated lines each, quietly; throws on the first failure, naming the law, the line and the amounts.</summary>
    /// <param name="pricer">The pricer under test.</param>
    /// <param name="policy">The policy it prices under (lines are generated from it).</param>
    /// <param name="count">Lines per law (batches and visits: a tenth as many, each of many lines).</param>
    /// <exception cref="PricingLawException">A law failed; the message holds the shrunk line, what broke, and how to replay it.</exception>
    /// <remarks>The rounding law runs first: a wrong rounding usually breaks other laws too, and it says the most about why.</remarks>
    public static void CheckAll(IConsumablePricer pricer, PolicyVersion policy, int count = 10_000)
    {
        foreach (var (name, property) in All(pricer, policy))
        {
            FsCheck.Check.One(name, Configuration(CountFor(name, count)), property);
        }
    }

    /// <summary>Checks one law by name; with <paramref name="replay"/> (from a failure's message), runs exactly the failing case again.</summary>
    /// <param name="law">The law's name (<see cref="Names"/>), as <see cref="PricingLawException.Law"/> gives it.</param>
    /// <param name="pricer">The pricer under test.</param>
    /// <param name="policy">The policy it prices under.</param>
    /// <param name="count">Lines to generate (ignored when replaying).</param>
    /// <param name="replay">The replay a failure printed (<c>seed,gamma,size</c>), or <see langword="null"/> for a fresh run.</param>
    /// <exception cref="ArgumentException"><paramref name="law"/> is not a law's name, or <paramref name="replay"/> is malformed.</exception>
    /// <exception cref="PricingLawException">The law failed.</exception>
    public static void Check(string law, IConsumablePricer pricer, PolicyVersion policy, int count = 10_000, string? replay = null)
    {
        ArgumentNullException.ThrowIfNull(law);
        var index = Array.IndexOf(LawNames, law);
        if (index < 0)
        {
            throw new ArgumentException($"'{law}' is not a pricing law; the laws are: {string.Join(", ", LawNames)}.", nameof(law));
        }

        FsCheck.Check.One(law, Configuration(CountFor(law, count), replay), LawProperties[index](pricer, policy));
    }

    /// <summary>Gets an FsCheck configuration that prints nothing when a property holds and throws <see cref="PricingLawException"/> when it fails.</summary>
    /// <param name="count">The number of tests.</param>
    /// <param name="replay">The replay a failure printed (<c>seed,gamma,size</c>): the run tests exactly that case; <see langword="null"/> for a fresh run.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ArgumentException"><paramref name="replay"/> is malformed.</exception>
    /// <remarks>A failure's message names the property, the shrunk arguments (charge lines with platform codes and ISO dates), what broke, and the replay.</remarks>
    public static Config Configuration(int count, string? replay = null)
    {
        var config = Config.Quick.WithMaxTest(count).WithRunner(QuietRunner.Instance);
        return replay is null ? config : config.WithReplay(QuietRunner.ParseReplay(replay));
    }

    /// <summary>Gets every law by name, in the order <see cref="CheckAll"/> checks them.</summary>
    /// <param name="pricer">The pricer under test.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The laws.</returns>
    public static IEnumerable<(string Name, Property Property)> All(IConsumablePricer pricer, PolicyVersion policy) =>
        LawNames.Zip(LawProperties, (name, law) => (name, law(pricer, policy)));

    /// <summary>
    /// Every amount equals the half-away-from-zero rounding to the fen of its exact value, computed from the line and the
    /// decided limit and ratio: total = round(pric × cnt); over-limit = round((pric − min(pric, limit)) × cnt);
    /// pre-self-pay = round((total − over-limit) × ratio); in-policy-scope = total − over-limit − pre-self-pay; a
    /// self-paid line is wholly fully-self-paid. Each amount has the platform's 2 decimals.
    /// </summary>
    /// <remarks>
    /// The reference multiplies exactly (big integers), so it shares no rounding with the pricer under test. Half to
    /// even (banker's rounding), truncation, rounding at another step and a fen off each break it.
    /// </remarks>
    public static Property Rounding(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, LawNames[0], line =>
    {
        var r = pricer.Price(line);
        return r.IsPriced ? (RoundingFindings(line, r), Amounts(r)) : Holds;
    });

    /// <summary>fully-self-paid + over-limit + pre-self-pay + in-policy-scope = total, to the fen.</summary>
    public static Property Conservation(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, LawNames[1], line =>
    {
        var r = pricer.Price(line);
        var sum = r.FullySelfPaid + r.OverLimit + r.PreSelfPay + r.InPolicyScope;
        return !r.IsPriced || sum == r.Total ? Holds
            : ([Invariant($"fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt = {sum}, det_item_fee_sumamt {r.Total}: they differ by {sum - r.Total}")], Amounts(r));
    });

    /// <summary>Every part has the sign of the total (or is zero).</summary>
    public static Property Signs(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, LawNames[2], line =>
    {
        var r = pricer.Price(line);
        if (!r.IsPriced)
        {
            return Holds;
        }

        var total = r.Total;
        var findings = Parts(r).Where(p => p.Value != 0m && Math.Sign(p.Value) != Math.Sign(total))
            .Select(p => Invariant($"{p.Name} {p.Value}: the sign of det_item_fee_sumamt {total} expected")).ToList();
        return (findings, Amounts(r));
    });

    /// <summary>Amounts carry the platform's 2 decimals, the effective limit (<c>pric_uplmt_amt</c>) at least 6 and the ratio (<c>selfpay_prop</c>) at least 4.</summary>
    public static Property PlatformScale(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, LawNames[3], line =>
    {
        var r = pricer.Price(line);
        if (!r.IsPriced)
        {
            return Holds;
        }

        var findings = Parts(r).Prepend((Name: FieldNames.Total, Value: r.Total)).Where(static p => p.Value.Scale != 2)
            .Select(static p => Invariant($"{p.Name} {p.Value}: 2 decimals expected")).ToList();
        if (r.EffectiveLimit.Scale < 6)
        {
            findings.Add(Invariant($"pric_uplmt_amt {r.EffectiveLimit}: at least 6 decimals expected"));
        }

        if (r.SelfPayRatio.Scale < 4)
        {
            findings.Add(Invariant($"selfpay_prop {r.SelfPayRatio}: at least 4 decimals expected"));
        }

        return (findings, Amounts(r));
    });

    /// <summary>Class C, not-listed and every other fully self-paid line (<c>price_basis</c> self-pay) is wholly fully-self-paid: no in-policy, over-limit or pre-self-pay amount, ratio 1.</summary>
    public static Property SelfPaidHaveNoInPolicyScope(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, LawNames[4], line =>
    {
        var r = pricer.Price(line);
        var listed = policy.TryGetEntry(r.PricedCode, out var entry);
        var why = !r.IsPriced ? null
            : !listed && r.PolicyId == policy.Id ? "a line the catalogue does not list"
            : entry?.Category == PaymentCategory.C && r.PolicyId == policy.Id ? "a class C line"
            : r.PriceBasis == PriceBasis.SelfPay ? "a self-paid line (price_basis self-pay)"
            : null;
        if (why is null)
        {
            return Holds;
        }

        var findings = new List<string>();
        if (r.FullySelfPaid != r.Total)
        {
            findings.Add(Invariant($"fulamt_ownpay_amt {r.FullySelfPaid}: the whole det_item_fee_sumamt {r.Total} expected for {why}"));
        }

        findings.AddRange(Parts(r).Skip(1).Where(static p => p.Value != 0m).Select(p => Invariant($"{p.Name} {p.Value}: 0.00 expected for {why}")));
        if (r.PriceBasis == PriceBasis.SelfPay && r.SelfPayRatio != 1m)
        {
            findings.Add(Invariant($"selfpay_prop {r.SelfPayRatio}: 1.0000 expected for {why}"));
        }

        return (findings, Amounts(r));
    });

    /// <summary>Allowed unit price ≤ every applicable limit ≤ the item cap.</summary>
    public static Property Limits(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, LawNames[5], line =>
    {
        var r = pricer.Price(line);
        if (!r.IsPriced || r.PriceBasis == PriceBasis.SelfPay || r.PolicyId != policy.Id)
        {
            return Holds;
        }

        var findings = new List<string>();
        void Expect(bool holds, string what)
        {
            if (!holds)
            {
                findings.Add(what);
            }
        }

        var entry = r.Entry;
        var procurement = policy.FindProcurement(r.PricedCode);
        Expect(r.AllowedUnitPrice <= r.EffectiveLimit, Invariant($"allowed unit price {r.AllowedUnitPrice}: at most pric_uplmt_amt {r.EffectiveLimit} expected"));
        Expect(r.AllowedUnitPrice <= line.UnitPrice, Invariant($"allowed unit price {r.AllowedUnitPrice}: at most pric {line.UnitPrice} expected"));
        Expect(r.EffectiveLimit <= policy.ItemCap, Invariant($"pric_uplmt_amt {r.EffectiveLimit}: at most the item cap {policy.ItemCap} expected"));
        Expect(entry?.MaxPaymentLimit is not { } max || r.EffectiveLimit <= max, Invariant($"pric_uplmt_amt {r.EffectiveLimit}: at most the entry's maximum payment limit {entry?.MaxPaymentLimit} expected"));
        Expect(procurement.Kind == ProcurementMatchKind.None || r.EffectiveLimit <= procurement.Price, Invariant($"pric_uplmt_amt {r.EffectiveLimit}: at most the procurement price {procurement.Price} expected"));
        return (findings, Amounts(r));
    });

    /// <summary>Raising the unit price never lowers the patient's share (positive quantities, same ratio row).</summary>
    public static Property MonotonicInPrice(IConsumablePricer pricer, PolicyVersion policy) =>
        Prop.ForAll(PricingGenerators.ArbitraryLinesFor(policy), Arb.From(PricingGenerators.Yuan(1, 100_000), PricingGenerators.ShrinkUnitPrice), (line, raise) =>
        {
            var low = pricer.Price(line with { Quantity = Math.Abs(line.Quantity) });
            var high = pricer.Price(line with { Quantity = Math.Abs(line.Quantity), UnitPrice = line.UnitPrice + raise });
            return !low.IsPriced || !high.IsPriced || low.SelfPayRatio != high.SelfPayRatio || Share(high) >= Share(low)
                ? Verdict(LawNames[6], [], string.Empty)
                : Verdict(LawNames[6], [Invariant($"the patient's share (fulamt_ownpay_amt + overlmt_amt + preselfpay_amt) falls from {Share(low)} at pric {low.Line.UnitPrice} to {Share(high)} at pric {high.Line.UnitPrice}")],
                    "at the lower price: " + Amounts(low) + Environment.NewLine + "at the higher price: " + Amounts(high));
        });

    /// <summary>For the same line, imported pre-self-pay ≥ domestic pre-self-pay where the table's imported ratio is at least the domestic one (as in Lüliang).</summary>
    public static Property ImportedPaysAtLeastDomestic(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, LawNames[7], line =>
    {
        var domestic = pricer.Price(line with { Origin = Origin.Domestic, Quantity = Math.Abs(line.Quantity) });
        var imported = pricer.Price(line with { Origin = Origin.Imported, Quantity = Math.Abs(line.Quantity) });
        return !domestic.IsPriced || !imported.IsPriced || imported.SelfPayRatio < domestic.SelfPayRatio || imported.PreSelfPay >= domestic.PreSelfPay
            ? Holds
            : ([Invariant($"preselfpay_amt {imported.PreSelfPay} imported (prodplac_type 2): at least {domestic.PreSelfPay}, the domestic one (prodplac_type 1), expected")],
                "domestic: " + Amounts(domestic) + Environment.NewLine + "imported: " + Amounts(imported));
    });

    /// <summary>Price(−q) = −Price(q), part by part.</summary>
    public static Property Mirror(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, LawNames[8], line =>
    {
        var plus = pricer.Price(line);
        var minus = pricer.Price(line with { Quantity = -line.Quantity });
        var findings = new List<string>();
        if (plus.IsPriced != minus.IsPriced)
        {
            findings.Add(plus.IsPriced ? "the refund (cnt " + Invariant($"{-line.Quantity}") + ") is not priced" : "the line is not priced but its refund is");
        }
        else if (plus.IsPriced)
        {
            findings.AddRange(Parts(plus).Prepend((Name: FieldNames.Total, Value: plus.Total)).Zip(Parts(minus).Prepend((Name: FieldNames.Total, Value: minus.Total)))
                .Where(static p => p.Second.Value != -p.First.Value)
                .Select(static p => Invariant($"{p.First.Name} {p.Second.Value} on the refund: {-p.First.Value} expected (the line's {p.First.Value}, negated)")));
        }

        return (findings, "the line: " + Amounts(plus) + Environment.NewLine + "its refund: " + Amounts(minus));
    });

    /// <summary>Pricing the same line twice gives the same result.</summary>
    public static Property Deterministic(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, LawNames[9], line =>
    {
        var (first, second) = (pricer.Price(line), pricer.Price(line));
        return (Differences(second, first).Select(static d => "the second time: " + d).ToList(), "first: " + Amounts(first) + Environment.NewLine + "second: " + Amounts(second));
    });

    /// <summary>A line given as the platform's text fields (<see cref="RawChargeLine"/>) prices exactly as the same line typed (<see cref="ChargeLine"/>).</summary>
    public static Property RawTextPricesAsTyped(IConsumablePricer pricer, PolicyVersion policy) => ForLines(policy, LawNames[10], line =>
    {
        var raw = RawOf(line);
        var (typed, text) = (pricer.Price(line), pricer.Price(raw));
        return (Differences(text, typed).Select(static d => "from text: " + d).ToList(),
            Invariant($"the text: cnt \"{raw.Quantity}\", pric \"{raw.UnitPrice}\", fee_ocur_time \"{raw.ServiceTime}\"") + Environment.NewLine + "typed: " + Amounts(typed) + Environment.NewLine + "from text: " + Amounts(text));
    });

    /// <summary>A batch returns one result per line, in input order, each equal to the line priced alone, whatever the order.</summary>
    public static Property BatchEqualsLines(IConsumablePricer pricer, PolicyVersion policy)
    {
        var lines = PricingGenerators.ArbitraryLinesFor(policy);
        var batches = Arb.From(lines.Generator.ListOf().SelectMany(static l => Gen.Shuffle(l.ToArray())), ShrinkArray<ChargeLine>(lines.Shrinker));
        return Prop.ForAll(batches, batch =>
        {
            var results = pricer.PriceBatch(batch);
            var findings = results.Count != batch.Length
                ? [Invariant($"{results.Count} results for {batch.Length} lines")]
                : batch.SelectMany((l, i) => Differences(results[i], pricer.Price(l)).Select(d => Invariant($"line {i + 1} in the batch: {d}"))).ToList();
            return Verdict(LawNames[11], findings, string.Empty);
        });
    }

    /// <summary>A visit (<c>PriceVisit</c>) returns every line, in order, the line as given; a context line (another <c>med_chrgitm_type</c>) comes back as context, with no amounts and no error.</summary>
    public static Property VisitReturnsEveryLine(IConsumablePricer pricer, PolicyVersion policy) =>
        Prop.ForAll(PricingGenerators.ArbitraryVisitsFor(policy), visit =>
        {
            var results = pricer.PriceVisit(visit);
            var findings = new List<string>();
            if (results.Count != visit.Length)
            {
                findings.Add(Invariant($"{results.Count} results for a visit of {visit.Length} lines"));
            }
            else
            {
                for (var i = 0; i < visit.Length; i++)
                {
                    var r = results[i];
                    if (r.Line != visit[i])
                    {
                        findings.Add(Invariant($"result {i + 1} is for another line: {QuietRunner.Describe(r.Line)}"));
                    }

                    if (visit[i].IsContext && (!r.IsContext || r.Errors.Count > 0 || r.Total != 0m))
                    {
                        findings.Add(Invariant($"line {i + 1}, a context line (med_chrgitm_type {visit[i].ChargeItemType}): context with no amounts and no error expected, got {Amounts(r)}"));
                    }
                }
            }

            return Verdict(LawNames[12], findings, string.Empty);
        });

    /// <summary>
    /// Every field of <paramref name="pricer"/>'s result equals <paramref name="reference"/>'s on generated lines, error
    /// lines included: amounts (value and scale), limit, ratio, basis, code, entry, category, warnings, rule warnings and errors.
    /// </summary>
    /// <param name="pricer">The pricer under test.</param>
    /// <param name="reference">The pricer it must equal (another engine, the unwrapped pricer, a previous release).</param>
    /// <param name="policy">The policy lines are generated from.</param>
    /// <returns>The property; a failure lists every field that differs, with both values.</returns>
    public static Property SameAs(IConsumablePricer pricer, IConsumablePricer reference, PolicyVersion policy)
    {
        ArgumentNullException.ThrowIfNull(pricer);
        ArgumentNullException.ThrowIfNull(reference);
        return Prop.ForAll(PricingGenerators.ArbitraryRoughLinesFor(policy), line =>
        {
            var (actual, expected) = (pricer.Price(line), reference.Price(line));
            return Verdict("same as the reference", Differences(actual, expected), "priced: " + Amounts(actual) + Environment.NewLine + "reference: " + Amounts(expected));
        });
    }

    /// <summary>Lists every field in which <paramref name="actual"/> differs from <paramref name="reference"/> (amounts by value and scale), by the platform's names; empty when they price alike.</summary>
    /// <param name="actual">The result under test.</param>
    /// <param name="reference">The result it must equal.</param>
    /// <returns>One text per differing field, with both values.</returns>
    /// <remarks>The trace is not compared: two engines may explain the same decision differently.</remarks>
    public static IReadOnlyList<string> Differences(in PricingResult actual, in PricingResult reference)
    {
        var found = new List<string>();
        void Compare<T>(string name, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                found.Add(Invariant($"{name} {Show(a)}, the reference {Show(b)}"));
            }
        }

        void CompareAmount(string name, decimal a, decimal b) => Compare(name, a.ToString(CultureInfo.InvariantCulture), b.ToString(CultureInfo.InvariantCulture));

        Compare("line", actual.Line, reference.Line);
        Compare("is context", actual.IsContext, reference.IsContext);
        Compare("policy_id", actual.PolicyId, reference.PolicyId);
        Compare("priced code", actual.PricedCode, reference.PricedCode);
        Compare("price_basis", actual.PriceBasis, reference.PriceBasis);
        CompareAmount(FieldNames.Total, actual.Total, reference.Total);
        foreach (var ((name, a), (_, b)) in Parts(actual).Zip(Parts(reference)))
        {
            CompareAmount(name, a, b);
        }

        CompareAmount("pric_uplmt_amt", actual.EffectiveLimit, reference.EffectiveLimit);
        CompareAmount("selfpay_prop", actual.SelfPayRatio, reference.SelfPayRatio);
        Compare("entry", actual.Entry is { } e ? $"{e.Code} ({e.Level})" : null, reference.Entry is { } f ? $"{f.Code} ({f.Level})" : null);
        Compare("chrgitm_lv", actual.Category, reference.Category);
        Compare("lmt_used_flag", actual.IsRestricted, reference.IsRestricted);
        Compare("warnings", actual.Warnings, reference.Warnings);
        Compare("rule warnings", string.Join("; ", actual.RuleWarnings), string.Join("; ", reference.RuleWarnings));
        Compare("errors", string.Join("; ", actual.Errors), string.Join("; ", reference.Errors));
        return found;
    }

    private static string Show<T>(T value) => value switch
    {
        null => "(none)",
        ChargeLine line => "[" + QuietRunner.Describe(line) + "]",
        string s => s.Length == 0 ? "(none)" : s,
        _ => QuietRunner.Format(value),
    };

    /// <summary>The rounding law's findings: each amount against the half-away-from-zero rounding of its exact value.</summary>
    private static List<string> RoundingFindings(in ChargeLine line, in PricingResult r)
    {
        var findings = new List<string>();
        void Expect(string field, decimal actual, decimal expected, string how)
        {
            var wrongValue = actual != expected;
            var wrongScale = actual.Scale != 2;
            if (wrongValue)
            {
                findings.Add(Invariant($"{field} {actual}: {expected} expected, {how}") + (wrongScale ? "; and 2 decimals expected" : string.Empty));
            }
            else if (wrongScale)
            {
                findings.Add(Invariant($"{field} {actual}: 2 decimals expected"));
            }
        }

        var price = ExactAmount.Of(line.UnitPrice);
        var quantity = ExactAmount.Of(line.Quantity);
        var exactTotal = price * quantity;
        var total = exactTotal.RoundToFen();
        Expect(FieldNames.Total, r.Total, total, Invariant($"the exact pric × cnt = {line.UnitPrice} × {line.Quantity} = {exactTotal} rounded half away from zero to the fen"));
        if (r.PriceBasis == PriceBasis.SelfPay)
        {
            const string selfPaid = "the line is fully self-paid (price_basis self-pay)";
            Expect(FieldNames.FullySelfPaid, r.FullySelfPaid, total, selfPaid);
            Expect(FieldNames.OverLimit, r.OverLimit, 0.00m, selfPaid);
            Expect(FieldNames.PreSelfPay, r.PreSelfPay, 0.00m, selfPaid);
            Expect(FieldNames.InPolicyScope, r.InPolicyScope, 0.00m, selfPaid);
            return findings;
        }

        var allowed = Math.Min(line.UnitPrice, r.EffectiveLimit);
        var exactOver = (price - ExactAmount.Of(allowed)) * quantity;
        var over = exactOver.RoundToFen();
        var exactPre = (ExactAmount.Of(total) - ExactAmount.Of(over)) * ExactAmount.Of(r.SelfPayRatio);
        var pre = exactPre.RoundToFen();
        Expect(FieldNames.FullySelfPaid, r.FullySelfPaid, 0.00m, "the line is payable");
        Expect(FieldNames.OverLimit, r.OverLimit, over, Invariant($"the exact (pric − min(pric, pric_uplmt_amt)) × cnt = ({line.UnitPrice} − {allowed}) × {line.Quantity} = {exactOver} rounded half away from zero to the fen"));
        Expect(FieldNames.PreSelfPay, r.PreSelfPay, pre, Invariant($"the exact (det_item_fee_sumamt − overlmt_amt) × selfpay_prop = ({total} − {over}) × {r.SelfPayRatio} = {exactPre} rounded half away from zero to the fen"));
        Expect(FieldNames.InPolicyScope, r.InPolicyScope, total - over - pre, Invariant($"the remainder det_item_fee_sumamt − overlmt_amt − preselfpay_amt = {total} − {over} − {pre}"));
        return findings;
    }

    private static RawChargeLine RawOf(in ChargeLine line) => new()
    {
        SerialNumber = line.SerialNumber,
        Code = line.Code.ToString(),
        Quantity = line.Quantity.ToString(CultureInfo.InvariantCulture),
        UnitPrice = line.UnitPrice.ToString(CultureInfo.InvariantCulture),
        ServiceTime = line.ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00",
        InsuranceType = ((int)line.InsuranceType).ToString(CultureInfo.InvariantCulture),
        PoolingArea = line.PoolingArea.ToString(),
        Origin = line.Origin is { } origin ? ((int)origin).ToString(CultureInfo.InvariantCulture) : null,
        HospitalApproval = ((int)line.HospitalApproval).ToString(CultureInfo.InvariantCulture),
        ServiceItemCode = line.ServiceItemCode,
        MedicalType = line.MedicalType == MedicalType.Unspecified ? null : ((int)line.MedicalType).ToString(CultureInfo.InvariantCulture),
        PatientAge = line.PatientAge?.ToString(CultureInfo.InvariantCulture),
        DiagnosisCode = line.DiagnosisCode,
    };

    /// <summary>A verdict of a law on one case: holds, or what broke and the amounts priced.</summary>
    private static (IReadOnlyList<string> Findings, string Details) Holds => ([], string.Empty);

    private static Property ForLines(PolicyVersion policy, string law, Func<ChargeLine, (IReadOnlyList<string> Findings, string Details)> check) =>
        Prop.ForAll(PricingGenerators.ArbitraryLinesFor(policy), line =>
        {
            var (findings, details) = check(line);
            return Verdict(law, findings, details);
        });

    /// <summary>The law's verdict, labelled (only when it fails: labels cost a string per case) with the law's name, what broke and the amounts.</summary>
    private static Property Verdict(string law, IReadOnlyList<string> findings, string details) =>
        findings.Count == 0
            ? true.ToProperty()
            : false.Label(LawLabel + law).Label(QuietRunner.WhatBroke(findings, details));

    private static Func<T[], IEnumerable<T[]>> ShrinkArray<T>(Func<T, IEnumerable<T>> shrink) => items =>
        Enumerable.Range(0, items.Length).Select(i => items.Where((_, j) => j != i).ToArray())
            .Concat(Enumerable.Range(0, items.Length).SelectMany(i => shrink(items[i]).Select(s =>
            {
                var copy = (T[])items.Clone();
                copy[i] = s;
                return copy;
            })));

    private static int CountFor(string law, int count) => law == LawNames[11] || law == LawNames[12] ? Math.Max(1, count / 10) : count;

    private static IEnumerable<(string Name, decimal Value)> Parts(PricingResult r) =>
        [(FieldNames.FullySelfPaid, r.FullySelfPaid), (FieldNames.OverLimit, r.OverLimit), (FieldNames.PreSelfPay, r.PreSelfPay), (FieldNames.InPolicyScope, r.InPolicyScope)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The amounts of a result, named as the platform names them, or its errors.</summary>
    internal static string Amounts(in PricingResult r) => r.IsPriced
        ? string.Create(CultureInfo.InvariantCulture,
            $"det_item_fee_sumamt {r.Total} = fulamt_ownpay_amt {r.FullySelfPaid} + overlmt_amt {r.OverLimit} + preselfpay_amt {r.PreSelfPay} + inscp_scp_amt {r.InPolicyScope}; pric_uplmt_amt {r.EffectiveLimit}, selfpay_prop {r.SelfPayRatio}, price_basis {r.PriceBasis}, policy {r.PolicyId}")
        : r.IsContext ? "a context line" : "not priced: " + string.Join("; ", r.Errors.Select(static e => e.CodeName + ": " + e.Message));

    private static decimal Share(in PricingResult r) => r.FullySelfPaid + r.OverLimit + r.PreSelfPay;
}
