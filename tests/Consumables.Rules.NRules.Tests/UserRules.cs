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

/// <summary>A fact the loop rules insert, one more each time.</summary>
public sealed record Tick(int Count);

/// <summary>A fact a rule inserts, to show the next visit never sees it.</summary>
public sealed record Marker(string Scenario);

/// <summary>Updates its line in every firing with no guard: it never comes to rest.</summary>
[Name("test/update-loop")]
public sealed class UpdateLoop : Rule
{
    public override void Define()
    {
        Scenario scenario = null!;
        PricedLine priced = null!;
        When().Match(() => scenario, s => s.Name == "update-loop")
              .Match(() => priced, p => !p.IsRejected);
        Then().Do(ctx => ctx.Update(priced));
    }
}

/// <summary>Inserts a new fact in every firing, which it matches again: it never comes to rest.</summary>
[Name("test/insert-loop")]
public sealed class InsertLoop : Rule
{
    public override void Define()
    {
        Scenario scenario = null!;
        Tick tick = null!;
        When().Match(() => scenario, s => s.Name == "insert-loop")
              .Match(() => tick);
        Then().Do(ctx => ctx.Insert(new Tick(tick.Count + 1)));
    }
}

/// <summary>Asks for limits beyond the platform's width for <c>pric_uplmt_amt</c> (16,6).</summary>
[Name("test/limit-beyond-width")]
public sealed class LimitBeyondWidth : Rule
{
    public override void Define()
    {
        Scenario scenario = null!;
        PricedLine priced = null!;
        When().Match(() => scenario, s => s.Name == "eleven-digits" || s.Name == "seven-decimals")
              .Match(() => priced, p => p.IsPayable);
        Then().Do(ctx => priced.ApplyLimit(scenario.Name == "eleven-digits" ? 12_345_678_901m : 1.0000001m, "a limit beyond the width"));
    }
}

/// <summary>Inserts a marker into the visit's session.</summary>
[Name("test/mark")]
public sealed class Mark : Rule
{
    public override void Define()
    {
        Scenario scenario = null!;
        When().Match(() => scenario, s => s.Name == "mark");
        Then().Do(ctx => ctx.Insert(new Marker(scenario.Name)));
    }
}

/// <summary>Warns on every line of a visit holding a marker.</summary>
[Name("test/marked")]
public sealed class Marked : Rule
{
    public override void Define()
    {
        Marker marker = null!;
        PricedLine priced = null!;
        When().Match(() => marker)
              .Match(() => priced, p => !p.IsRejected);
        Then().Do(ctx => priced.Warn("test/marked", "a marker is in this visit"));
    }
}

/// <summary>Matches a line on its own (no context fact): warns on a unit price no generated line has.</summary>
[Name("test/line-alone")]
public sealed class LineAlone : Rule
{
    public override void Define()
    {
        PricedLine priced = null!;
        When().Match(() => priced, p => p.Line.UnitPrice == 123.456789m);
        Then().Do(ctx => priced.Warn("test/odd-price", "an odd unit price"));
    }
}
