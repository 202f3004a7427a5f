using Consumables.Rules;
using Consumables.Rules.NRules;
using Consumables.Rules.Policy;
using Microsoft.Extensions.DependencyInjection;
using NRules.Fluent.Dsl;
using Xunit;

public sealed record Ward(string Code);

[Name("hospital/icu-needs-approval")]
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

public class NRulesConsumerTests
{
    private static ChargeLine Line(HospitalApproval approval) => ChargeLine.Create("C03111608002007064100000001", quantity: 2m,
        unitPrice: 1200.00m, serviceDate: new DateOnly(2026, 3, 1), insuranceType: InsuranceType.Employee, poolingArea: "141100",
        hospitalApproval: approval);

    [Fact]
    public void A_users_NRules_rule_from_the_packages_makes_only_the_unapproved_ICU_line_self_paid()
    {
        var services = new ServiceCollection();
        services.AddConsumablesRules();
        services.AddNRulesPricingRules(typeof(IcuNeedsApproval).Assembly);
        using var provider = services.BuildServiceProvider();
        var pricer = provider.GetRequiredService<IConsumablePricer>();
        ChargeLine[] lines = [Line(HospitalApproval.None), Line(HospitalApproval.Approved)];
        var plain = lines.Select(l => ConsumablePricer.CreateDefault().Price(l)).ToList();

        foreach (var facts in new object[]?[] { null, [new Ward("GEN")] })
        {
            var results = pricer.PriceVisit(lines, facts);
            Assert.Equal(plain.Select(Split), results.Select(Split));
        }

        var icu = pricer.PriceVisit(lines, [new Ward("ICU")]);
        Assert.Equal((2400m, 2400m, 0m, 0m, 0m), Split(icu[0]));
        Assert.Equal(Split(plain[1]), Split(icu[1]));
    }

    [Fact]
    public void The_NRules_engine_from_the_packages_prices_as_the_compiled_one()
    {
        var nrules = ConsumablePricer.Create(new ConsumablesRulesOptions { Engine = PricingEngine.NRules }.UseNRules());
        var line = Line(HospitalApproval.None);
        Assert.Equal(Split(ConsumablePricer.CreateDefault().Price(line)), Split(nrules.Price(line)));
    }

    private static (decimal, decimal, decimal, decimal, decimal) Split(PricingResult r) => (r.Total, r.FullySelfPaid, r.OverLimit, r.PreSelfPay, r.InPolicyScope);
}
