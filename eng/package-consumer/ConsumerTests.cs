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
}
