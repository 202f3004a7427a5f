using Consumables.Rules.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>Keeps README's code sample true: the same lines, compiled and run.</summary>
public class ReadmeSampleTests
{
    [Fact]
    public void The_readme_sample_prices_its_line()
    {
        var pricer = new ServiceCollection().AddConsumablesRules().BuildServiceProvider()
            .GetRequiredService<IConsumablePricer>();               // embedded default policy
        var line = ChargeLine.Create("C03111608002007064100000001", quantity: 2m, unitPrice: 1200.00m,
            serviceDate: new DateOnly(2026, 3, 1), insuranceType: InsuranceType.Employee, poolingArea: "141100");
        var r = pricer.Price(line);
        var text = $"{r.Total} = {r.FullySelfPaid} + {r.OverLimit} + {r.PreSelfPay} + {r.InPolicyScope}";

        // Paediatric bone plate (domestic, registered), limit 1000: 2 × 1200 = 2400; over-limit 2 × 200 = 400;
        // pre-self-pay (2400 − 400) × 10% = 200; in scope 1800.
        Assert.Equal("2400.00 = 0 + 400.00 + 200.00 + 1800.00", text);
    }
}
