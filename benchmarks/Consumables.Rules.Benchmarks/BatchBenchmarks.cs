using BenchmarkDotNet.Attributes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Benchmarks;

/// <summary>A batch of 1,000,000 generated lines: on one core (goal under 1 second) and on every core (the scaling).</summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private const int Lines = 1_000_000;
    private ChargeLine[] _lines = [];
    private PricingResult[] _results = [];
    private ConsumablePricer _pricer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sample = SampleLines.Mixed(4096);
        _lines = [.. Enumerable.Range(0, Lines).Select(i => sample[i & 4095])];
        _results = new PricingResult[Lines];
        _pricer = ConsumablePricer.Create(PolicyTimeline.Create([PolicyVersion.Default]));
    }

    [Benchmark(Baseline = true)]
    public int OneCore()
    {
        _pricer.PriceBatch(_lines, _results);
        return _results.Length;
    }

    [Benchmark]
    public int AllCores()
    {
        var chunk = Lines / Environment.ProcessorCount;
        Parallel.For(0, Environment.ProcessorCount, c =>
        {
            var start = c * chunk;
            var length = c == Environment.ProcessorCount - 1 ? Lines - start : chunk;
            _pricer.PriceBatch(_lines.AsSpan(start, length), _results.AsSpan(start, length));
        });
        return _results.Length;
    }
}
