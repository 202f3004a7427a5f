using Consumables.Rules.Engine;

namespace Consumables.Rules.Tests.Engine;

/// <summary>A toy working memory for engine tests: shipping a parcel. Nothing here knows consumables.</summary>
public struct Parcel
{
    public decimal Weight;
    public int Zone;
    public bool Express;
    public string? Band;
    public decimal Fee;
    public decimal Cap;
    public bool Rejected;
}

internal static class Shipping
{
    internal static readonly Fact<Parcel, decimal> Weight = Fact.Input<Parcel, decimal>("weight", static (ref Parcel p) => ref p.Weight);
    internal static readonly Fact<Parcel, int> Zone = Fact.Input<Parcel, int>("zone", static (ref Parcel p) => ref p.Zone);
    internal static readonly Fact<Parcel, bool> Express = Fact.Input<Parcel, bool>("express", static (ref Parcel p) => ref p.Express);
    internal static readonly Fact<Parcel, string?> Band = Fact.Single<Parcel, string?>("band", static (ref Parcel p) => ref p.Band);
    internal static readonly Fact<Parcel, decimal> Fee = Fact.Single<Parcel, decimal>("fee", static (ref Parcel p) => ref p.Fee);
    internal static readonly Fact<Parcel, decimal> Cap = Fact.Aggregate<Parcel, decimal>("cap", static (ref Parcel p) => ref p.Cap, Aggregation.Min<decimal>());
    internal static readonly Fact<Parcel, bool> Rejected = Fact.Single<Parcel, bool>("rejected", static (ref Parcel p) => ref p.Rejected);

    internal static RuleSetBuilder<Parcel> Builder() =>
        new RuleSetBuilder<Parcel>("shipping", "test").Input(Weight).Input(Zone).Input(Express);

    internal static Rule<Parcel>[] Standard =>
    [
        Rule.Define<Parcel>("reject/overweight").Describe("parcels over 30 kg are refused").WithPriority(100).WithTags("reject")
            .When(Weight, static w => w > 30m, "the parcel weighs over 30 kg").Then(Rejected, true).Halt(),
        Rule.Define<Parcel>("band/heavy").Describe("10 kg and over is heavy").WithPriority(20).WithTags("band")
            .When(Weight, static w => w >= 10m, "the parcel weighs 10 kg or more").Then(Band, "heavy"),
        Rule.Define<Parcel>("band/light").Describe("everything else is light").WithPriority(10).WithTags("band")
            .When(Weight, static w => w >= 0m, "the weight is not negative").Then(Band, "light"),
        Rule.Define<Parcel>("fee/heavy").Describe("heavy parcels cost 20").WithPriority(5).WithTags("fee")
            .WhenEquals(Band, "heavy", "the parcel is heavy").Then(Fee, 20m),
        Rule.Define<Parcel>("fee/light").Describe("light parcels cost 8").WithPriority(4).WithTags("fee")
            .WhenEquals(Band, "light", "the parcel is light").Then(Fee, 8m),
        Rule.Define<Parcel>("cap/express").Describe("express is capped at 15").WithPriority(3).WithTags("cap")
            .When(Express, static e => e, "the parcel goes express").Then(Cap, 15m),
        Rule.Define<Parcel>("cap/standard").Describe("every parcel is capped at 50").WithPriority(2).WithTags("cap")
            .When(Weight, static w => w >= 0m, "always").Then(Cap, 50m),
        Rule.Define<Parcel>("cap/zone-9").Describe("zone 9 is capped at the weight times 2").WithPriority(1).WithTags("cap")
            .WhenKey(Zone, 9).Then(Cap, Weight, static w => w * 2m),
    ];

    internal static CompiledRuleSet<Parcel> Compile(params Rule<Parcel>[] rules)
    {
        var builder = Builder();
        foreach (var rule in rules)
        {
            builder.Add(rule);
        }

        return builder.Compile();
    }

    /// <summary>The same result written by hand, to check the engine against.</summary>
    internal static (bool Rejected, string? Band, decimal Fee, decimal Cap) ByHand(Parcel p)
    {
        if (p.Weight > 30m)
        {
            return (true, null, 0m, 0m);
        }

        var band = p.Weight >= 10m ? "heavy" : p.Weight >= 0m ? "light" : null;
        var fee = band == "heavy" ? 20m : band == "light" ? 8m : 0m;
        var cap = p.Weight >= 0m ? 50m : decimal.MaxValue;
        if (p.Express)
        {
            cap = Math.Min(cap, 15m);
        }

        if (p.Zone == 9)
        {
            cap = Math.Min(cap, p.Weight * 2m);
        }

        return (false, band, fee, cap == decimal.MaxValue ? 0m : cap);
    }
}
