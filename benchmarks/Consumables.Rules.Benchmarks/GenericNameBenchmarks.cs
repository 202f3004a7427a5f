using BenchmarkDotNet.Attributes;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Benchmarks;

/// <summary>
/// The catalogue lookup with entries keyed by 医保通用名编号: a code with its own entry (the baseline, one hash lookup),
/// a code found through NHSA's generic-name table and its number's entry (two more lookups), a code listed at neither
/// level, and the same line through the facade under each level. Goal: 0 B allocated; the fallback costs two more
/// frozen-dictionary lookups, no more.
/// </summary>
[MemoryDiagnoser]
public class GenericNameBenchmarks
{
    private static readonly CatalogueCode Own = CatalogueCode.Parse("C03111608002007");
    private static readonly CatalogueCode UnderGenericName = CatalogueCode.Parse("C03111608003001");
    private static readonly CatalogueCode Unlisted = CatalogueCode.Parse("C03111608102007");
    private static readonly GenericNameNumber Number = GenericNameNumber.Parse("080001");

    private readonly PolicyVersion _policy = Policy();
    private ConsumablePricer _pricer = null!;
    private ChargeLine _ownLine;
    private ChargeLine _genericLine;

    [GlobalSetup]
    public void Setup()
    {
        _pricer = ConsumablePricer.Create(PolicyTimeline.Create([_policy]));
        _ownLine = ChargeLine.Create(Own + "064100000001", 1m, 6000m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100", Origin.Domestic);
        _genericLine = ChargeLine.Create(UnderGenericName + "064100000001", 1m, 6000m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100", Origin.Domestic);
    }

    [Benchmark(Baseline = true)]
    public bool Lookup_own_code() => _policy.TryGetEntry(Own, out _);

    [Benchmark]
    public bool Lookup_through_generic_name() => _policy.TryGetEntry(UnderGenericName, out _);

    [Benchmark]
    public bool Lookup_unlisted() => _policy.TryGetEntry(Unlisted, out _);

    [Benchmark]
    public decimal Price_own_code() => _pricer.Price(_ownLine).InPolicyScope;

    [Benchmark]
    public decimal Price_through_generic_name() => _pricer.Price(_genericLine).InPolicyScope;

    /// <summary>The default sample's catalogue with NHSA's generic name 080001 over both bone-plate codes, and an entry keyed by that number.</summary>
    private static PolicyVersion Policy() => PolicyBuilder.From(PolicyVersion.Default)
        .AddGenericName(new GenericName(Number, "接骨板", [Own, UnderGenericName]))
        .AddEntry(new CatalogueEntry
        {
            Code = CatalogueEntry.CodeOf(Number),
            Level = CatalogueLevel.GenericNameNumber,
            Name = "接骨板",
            Level3Name = "接骨板",
            Category = PaymentCategory.B,
            ValueClass = ValueClass.High,
            MaxPaymentLimit = 5000m,
        })
        .Build();
}
