namespace Consumables.Rules.NRules.Tests;

/// <summary>Bytes a line's pricing allocates on this thread.</summary>
internal static class Allocations
{
    /// <summary>Prices <paramref name="line"/> once to warm up, then 100 times, and returns the bytes those 100 allocated.</summary>
    internal static long OfPricing(IConsumablePricer pricer, ChargeLine line)
    {
        pricer.Price(line);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            pricer.Price(line);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
