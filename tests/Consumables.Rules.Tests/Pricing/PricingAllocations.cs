namespace Consumables.Rules.Tests.Pricing;

/// <summary>Measures what pricing one line allocates, for the tests that hold the facade to 0 bytes with tracing off.</summary>
internal static class PricingAllocations
{
    /// <summary>
    /// Prices the line 1,000 times to warm up, then returns the fewest bytes that any of five rounds of 10,000 more
    /// pricings allocated on this thread. A per-line allocation shows in every round (at least 10,000 objects); what the
    /// runtime allocates once on the thread while the loop runs (tiered compilation promoting a method mid-round) shows
    /// in one round only, and is not the facade's.
    /// </summary>
    internal static long Of(ConsumablePricer pricer, ChargeLine line)
    {
        for (var i = 0; i < 1000; i++)
        {
            pricer.Price(line);
        }

        var fewest = long.MaxValue;
        for (var round = 0; round < 5 && fewest > 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10_000; i++)
            {
                pricer.Price(line);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
