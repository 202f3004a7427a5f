using Consumables.Rules;
using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

public class ConsumerTests
{
    [Fact]
    public void The_packages_price_a_line_and_obey_the_laws()
    {
        using var provider = new ServiceCollection().AddConsumablesRules().BuildServiceProvider();
        var pricer = provider.GetRequiredService<IConsumablePricer>();

        var r = pricer.Price(ChargeLine.Create("C03111608002007064100000001", 1m, 1200m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100"));

        Assert.Equal((0m, 200m, 100m, 900m), (r.FullySelfPaid, r.OverLimit, r.PreSelfPay, r.InPolicyScope));
        PricingLaws.CheckAll(pricer, PolicyVersion.Default, count: 1_000);
    }

    [Fact]
    public void A_visit_built_with_a_service_item_makes_its_restricted_consumable_payable()
    {
        var pricer = ConsumablePricer.CreateDefault();
        var day = new DateOnly(2026, 3, 2);
        var surgery = ChargeLine.ServiceItem("331501001", 1m, 1500m, day, "V1", insuranceType: InsuranceType.Employee, poolingArea: "141100");
        var haemostatic = ChargeLine.Create("C12010100300101000010000001", 1m, 200m, day, InsuranceType.Employee, "141100",
            Consumables.Rules.Catalogue.Origin.Domestic, visitId: "V1");

        var withSurgery = pricer.PriceVisit(new[] { surgery, haemostatic });
        var without = pricer.PriceVisit(new[] { haemostatic });

        Assert.True(withSurgery[0].IsContext);
        Assert.Equal((0m, 20m, 180m), (withSurgery[1].FullySelfPaid, withSurgery[1].PreSelfPay, withSurgery[1].InPolicyScope));
        Assert.Equal(200m, without[0].FullySelfPaid);
        Assert.Contains("on 2026-03-02", withSurgery[1].ToString(), StringComparison.Ordinal);
    }
}
