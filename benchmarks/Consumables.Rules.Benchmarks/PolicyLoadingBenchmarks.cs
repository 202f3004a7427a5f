using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Benchmarks;

/// <summary>Loading a generated policy of 4,000 catalogue entries and 200,000 products (goal: under 1 second), against a plain parse of the same bytes.</summary>
[MemoryDiagnoser]
public class PolicyLoadingBenchmarks
{
    private byte[] _json = [];

    [GlobalSetup]
    public void Setup() => _json = Generate(4_000, 200_000);

    [Benchmark(Baseline = true)]
    public int JsonDocument_parse()
    {
        using var document = JsonDocument.Parse(_json);
        return document.RootElement.GetProperty("products").GetArrayLength();
    }

    [Benchmark]
    public int Load_policy() => PolicyVersion.Load(new MemoryStream(_json)).GetValueOrThrow().Products.Count;

    internal static byte[] Generate(int entries, int products)
    {
        var json = new StringBuilder(products * 120);
        var inv = CultureInfo.InvariantCulture;
        json.Append("""{"format":"consumables-policy/1","id":"load","title":"generated","province":"140000","effectiveFrom":"2026-01-01","effectiveTo":null,"itemCap":50000.00,"catalogue":[""");
        for (var i = 0; i < entries; i++)
        {
            json.Append(inv, $$"""{{(i > 0 ? "," : "")}}{"code":"C{{i + 1_000_000:D14}}","name":"耗材{{i}}","category":"{{(i % 10 == 0 ? "C" : "B")}}","valueClass":"{{(i % 2 == 0 ? "high" : "low")}}","maxPaymentLimit":{{1000 + i}}.00}""");
        }

        json.Append("],\"products\":[");
        for (var p = 0; p < products; p++)
        {
            json.Append(inv, $$"""{{(p > 0 ? "," : "")}}{"code":"C{{(p % entries) + 1_000_000:D14}}{{p:D12}}","registration":"国械注{{(p % 3 == 0 ? "进" : "准")}}2020{{p:D7}}"}""");
        }

        json.Append("""],"preSelfPay":[{"insutype":"310","area":"141100","origin":"domestic","category":"B","ratio":0.10},{"insutype":"310","area":"141100","origin":"imported","category":"B","ratio":0.15}]}""");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
