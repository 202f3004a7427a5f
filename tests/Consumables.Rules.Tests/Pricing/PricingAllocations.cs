namespace Consumables.Rules.Tests.Pricing;

/// <summary>Measures what pricing one line allocates, for the tests that hold the facade to 0 bytes with tracing off.</summary>
internal static class PricingAllocations
{
    /// <summary>Prices the line 1,000 times to warm up, then returns the bytes 10,000 more pricings allocated on this thread.</summary>
    internal static long Of(ConsumablePricer pricer, ChargeLine line)
    {
        for (var i = 0; i < 1000; i++)
        {
            pricer.Price(line);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            pricer.Price(line);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
