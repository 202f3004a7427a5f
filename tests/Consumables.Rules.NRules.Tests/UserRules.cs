using Consumables.Rules.Catalogue;
using NRules.Fluent.Dsl;

namespace Consumables.Rules.NRules.Tests;

/// <summary>A ward the visit happened in (a caller's own context fact).</summary>
public sealed record Ward(string Code);

/// <summary>Marks a visit for one test's rules, so the assembly's rules do not meet each other's visits.</summary>
public sealed record Scenario(string Name);

/// <summary>The documented example: consumables used in the ICU need the hospital's approval.</summary>
[Name("hospital/icu-needs-approval")]
[Description("ICU consumables need the hospital's approval")]
public sealed class IcuNeedsApproval : Rule
{
    public override void Define()
    {
        Ward ward = null!;
        PricedLine priced = null!;
        When().Match(() => ward, w => w.Code == "ICU")
              .Match(() => priced, p => p.IsPayable, p => p.Line.HospitalApproval != HospitalApproval.Approved);
        Then().Do(ctx => priced.MakeSelfPaid("ICU consumables need the hospital's approval"));
    }
}

/// <summary>Class-B items above 1,000 yuan a unit are capped at 1,000 in this hospital's scenario.</summary>
[Name("test/cap-at-1000")]
public sealed class CapAt1000 : Rule
{
    public override void Define()
    {
        Scenario scenario = null!;
        PricedLine priced = null!;
        When().Match(() => scenario, s => s.Name == "cap")
              .Match(() => priced, p => p.IsPayable, p => p.Category == PaymentCategory.B);
        Then().Do(ctx => priced.ApplyLimit(1000m, "the hospital caps class-B items at 1,000"));
    }
}

/// <summary>Rejects with the hospital's own code and warns on the other lines.</summary>
[Name("test/reject-and-warn")]
public sealed class RejectAndWarn : Rule
{
    public override void Define()
    {
        Scenario scenario = null!;
        PricedLine priced = null!;
        When().Match(() => scenario, s => s.Name == "reject")
              .Match(() => priced, p => !p.IsRejected);
        Then().Do(ctx => Act(priced));
    }

    private static void Act(PricedLine priced)
    {
        if (priced.Index == 0)
        {
            priced.Reject("hospital/blocked", "the hospital blocks this product");
        }
        else
        {
            priced.Warn("hospital/check", "check the order");
        }
    }
}

/// <summary>Throws on the second line of a visit.</summary>
[Name("test/throws")]
public sealed class ThrowsOnSecondLine : Rule
{
    public override void Define()
    {
        Scenario scenario = null!;
        PricedLine priced = null!;
        When().Match(() => scenario, s => s.Name == "throws")
              .Match(() => priced, p => p.Index == 1);
        Then().Do(ctx => Throw(priced));
    }

    private static void Throw(PricedLine priced) => throw new InvalidOperationException($"cannot price {priced.Line.Code}");
}

/// <summary>Asks for a negative limit (a meaningless argument).</summary>
[Name("test/negative-limit")]
public sealed class NegativeLimit : Rule
{
    public override void Define()
    {
        Scenario scenario = null!;
        PricedLine priced = null!;
        When().Match(() => scenario, s => s.Name == "negative")
              .Match(() => priced, p => p.IsPayable);
        Then().Do(ctx => priced.ApplyLimit(-1m, "a negative limit"));
    }
}
