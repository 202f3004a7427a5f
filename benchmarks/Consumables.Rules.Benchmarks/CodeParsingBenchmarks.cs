using BenchmarkDotNet.Attributes;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Benchmarks;

/// <summary>Parsing a 27-character code: from a string, and from a slice of a larger buffer (as a CSV reader sees it).</summary>
[MemoryDiagnoser]
public class CodeParsingBenchmarks
{
    private const string Code = "C03111608002007064100001234";
    private readonly string _line = "42," + Code + ",2,1200.00";

    [Benchmark(Baseline = true)]
    public bool String_TryParse() => ConsumableCode.TryParse(Code, out _);

    [Benchmark]
    public bool Span_TryParse() => ConsumableCode.TryParse(_line.AsSpan(3, ConsumableCode.Length), out _);

    [Benchmark]
    public CatalogueCode Span_Parse_CatalogueCode() => ConsumableCode.Parse(_line.AsSpan(3, ConsumableCode.Length)).CatalogueCode;
}
