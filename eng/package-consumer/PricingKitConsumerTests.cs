using Consumables.Rules;
using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using Xunit;

/// <summary>
/// A vendor's wrapper around the default pricer with one bug a billing integration has, run against every law of the
/// testing kit: each broken wrapper fails the law it breaks, on a short line a person can price by hand; the unchanged
/// wrapper passes, printing nothing. (The repository's own tests compile this file too.)
/// </summary>
[Collection("console")]
public class PricingKitConsumerTests
{
    public static TheoryData<string> BrokenWrappers => [.. WrapperBugs.All.Keys];

    [Theory]
    [MemberData(nameof(BrokenWrappers))]
    public void A_broken_wrapper_fails_the_rounding_law_on_a_short_line(string bug)
    {
        var wrapper = new WrappedPricer(ConsumablePricer.CreateDefault(), WrapperBugs.All[bug]);

        var failure = Assert.Throws<PricingLawException>(() => PricingLaws.CheckAll(wrapper, PolicyVersion.Default, 10_000));

        Assert.Equal("rounding", failure.Law);
        var line = Assert.NotNull(failure.Line);
        Assert.True(Math.Abs(line.Quantity) <= 100m && Math.Round(line.Quantity, 2, MidpointRounding.AwayFromZero) == line.Quantity,
            "cnt is more than 100 or has more than 2 decimals: " + failure.Message);
        Assert.Contains("cnt " + line.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"PricingLaws.Check(\"rounding\", pricer, policy, replay: \"{failure.Replay}\");", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unchanged_wrapper_passes_every_law_quietly()
    {
        var original = Console.Out;
        using var written = new StringWriter();
        Console.SetOut(written);
        try
        {
            PricingLaws.CheckAll(new WrappedPricer(ConsumablePricer.CreateDefault(), static r => r), PolicyVersion.Default, 10_000);
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(string.Empty, written.ToString());
    }
}

/// <summary>Bugs a billing integration's wrapper has, each applied to a priced, payable line's result.</summary>
public static class WrapperBugs
{
    /// <summary>Gets the bugs by name.</summary>
    public static IReadOnlyDictionary<string, Func<PricingResult, PricingResult>> All { get; } = new Dictionary<string, Func<PricingResult, PricingResult>>
    {
        ["pre-self-pay re-rounded half to even"] = static r =>
        {
            var pre = Math.Round((r.Total - r.OverLimit) * r.SelfPayRatio, 2, MidpointRounding.ToEven);
            return r with { PreSelfPay = pre, InPolicyScope = r.Total - r.OverLimit - pre };
        },
        ["over-limit truncated to the fen"] = static r =>
        {
            var over = Math.Round((r.Line.UnitPrice - r.AllowedUnitPrice) * r.Line.Quantity, 2, MidpointRounding.ToZero);
            return r with { OverLimit = over, InPolicyScope = r.Total - over - r.PreSelfPay };
        },
        ["in-policy-scope rounded again at 1 decimal"] = static r =>
            r with { InPolicyScope = Math.Round(r.Total - r.OverLimit - r.PreSelfPay, 1, MidpointRounding.AwayFromZero) },
    };
}

/// <summary>A vendor's wrapper around a pricer that changes each priced, payable line's result with <paramref name="change"/>.</summary>
public sealed class WrappedPricer(IConsumablePricer inner, Func<PricingResult, PricingResult> change) : IConsumablePricer
{
    public PolicyTimeline Policies => inner.Policies;

    public PricingResult Price(in ChargeLine line) => Wrap(inner.Price(line));

    public PricingResult Price(RawChargeLine line) => Wrap(inner.Price(line));

    public PricingResult Explain(in ChargeLine line) => Wrap(inner.Explain(line));

    public void PriceBatch(ReadOnlySpan<ChargeLine> lines, Span<PricingResult> results)
    {
        inner.PriceBatch(lines, results);
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Wrap(results[i]);
        }
    }

    public IReadOnlyList<PricingResult> PriceBatch(IEnumerable<ChargeLine> lines) => [.. inner.PriceBatch(lines).Select(Wrap)];

    public IReadOnlyList<PricingResult> PriceBatch(IEnumerable<RawChargeLine> lines) => [.. inner.PriceBatch(lines).Select(Wrap)];

    public IReadOnlyList<PricingResult> PriceVisit(IReadOnlyList<ChargeLine> lines, IEnumerable<object>? facts = null) => [.. inner.PriceVisit(lines, facts).Select(Wrap)];

    private PricingResult Wrap(PricingResult r) => r.IsPriced && r.PriceBasis != PriceBasis.SelfPay ? change(r) : r;
}
