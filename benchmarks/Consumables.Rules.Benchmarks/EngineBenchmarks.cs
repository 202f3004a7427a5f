using BenchmarkDotNet.Attributes;
using Consumables.Rules.Engine;

namespace Consumables.Rules.Benchmarks;

/// <summary>A working memory of the engine benchmarks, independent of consumables.</summary>
public struct Order
{
    public int Region;
    public decimal Amount;
    public bool Member;
    public decimal Discount;
    public decimal Fee;
}

/// <summary>
/// Cost per evaluation with 10, 100 and 1,000 rules keyed on a value (goal: 1,000 within 1.2× of 10, since keyed
/// rules are found by hash), and the cost of compiling 1,000 rules.
/// </summary>
[MemoryDiagnoser]
public class EngineScalingBenchmarks
{
    private static readonly Fact<Order, int> Region = Fact.Input<Order, int>("region", static (ref Order o) => ref o.Region);
    private static readonly Fact<Order, decimal> Amount = Fact.Input<Order, decimal>("amount", static (ref Order o) => ref o.Amount);
    private static readonly Fact<Order, bool> Member = Fact.Input<Order, bool>("member", static (ref Order o) => ref o.Member);
    private static readonly Fact<Order, decimal> Discount = Fact.Aggregate<Order, decimal>("discount", static (ref Order o) => ref o.Discount, Aggregation.Max<decimal>());
    private static readonly Fact<Order, decimal> Fee = Fact.Single<Order, decimal>("fee", static (ref Order o) => ref o.Fee);

    private CompiledRuleSet<Order> _rules = null!;
    private int _next;

    [Params(10, 100, 1000)]
    public int KeyedRules { get; set; }

    [GlobalSetup]
    public void Setup() => _rules = Build(KeyedRules).Compile();

    [Benchmark]
    public decimal Evaluate()
    {
        var order = new Order { Region = _next++ % KeyedRules, Amount = 120m, Member = true };
        _rules.Evaluate(ref order);
        return order.Fee;
    }

    [Benchmark]
    public int Compile_1000_rules() => Build(1000).Compile().Rules.Count;

    internal static RuleSetBuilder<Order> Build(int keyed)
    {
        var builder = new RuleSetBuilder<Order>("orders").Input(Region).Input(Amount).Input(Member)
            .Add(Rule.Define<Order>("member-discount").WithPriority(10).WhenEquals(Member, true, "a member").Then(Discount, 5m))
            .Add(Rule.Define<Order>("fee/large").WithPriority(5).WhenAtLeast(Amount, 100m, "100 or more").Then(Fee, 0m))
            .Add(Rule.Define<Order>("fee/small").WithPriority(4).WhenLessThan(Amount, 100m, "under 100").Then(Fee, 8m));
        for (var i = 0; i < keyed; i++)
        {
            var discount = i % 7;
            builder.Add(Rule.Define<Order>($"region/{i}").WithPriority(1).WhenKey(Region, i).Then(Discount, (decimal)discount));
        }

        return builder;
    }
}

/// <summary>
/// A small rule set against the same logic written by hand: the engine's own overhead, interpreted and with the code
/// generated from the rules (<c>Generated/OrderRules.g.cs</c>; rewrite it with <c>-- generate</c> after changing them).
/// </summary>
[MemoryDiagnoser]
public class EngineOverheadBenchmarks
{
    private readonly CompiledRuleSet<Order> _rules = EngineScalingBenchmarks.Build(10).Compile();
    private readonly CompiledRuleSet<Order> _precompiled = Precompiled(EngineScalingBenchmarks.Build(10).Compile());
    private int _next;

    [Benchmark(Baseline = true)]
    public decimal HandWritten()
    {
        var order = new Order { Region = _next++ % 10, Amount = 120m, Member = true };
        var discount = order.Member ? 5m : 0m;
        discount = Math.Max(discount, order.Region % 7);
        order.Discount = discount;
        order.Fee = order.Amount >= 100m ? 0m : 8m;
        return order.Fee + order.Discount;
    }

    /// <summary>The same by hand with the regions' discounts as data (a switch), as a function not knowing their pattern would.</summary>
    [Benchmark]
    public decimal HandWritten_switch()
    {
        var order = new Order { Region = _next++ % 10, Amount = 120m, Member = true };
        var discount = order.Member ? 5m : 0m;
        var regional = order.Region switch
        {
            0 => 0m,
            1 => 1m,
            2 => 2m,
            3 => 3m,
            4 => 4m,
            5 => 5m,
            6 => 6m,
            7 => 0m,
            8 => 1m,
            9 => 2m,
            _ => -1m,
        };
        order.Discount = regional >= 0m ? Math.Max(discount, regional) : discount;
        order.Fee = order.Amount >= 100m ? 0m : 8m;
        return order.Fee + order.Discount;
    }

    [Benchmark]
    public decimal Engine()
    {
        var order = new Order { Region = _next++ % 10, Amount = 120m, Member = true };
        _rules.Evaluate(ref order);
        return order.Fee + order.Discount;
    }

    [Benchmark]
    public decimal Engine_precompiled()
    {
        var order = new Order { Region = _next++ % 10, Amount = 120m, Member = true };
        _precompiled.Evaluate(ref order);
        return order.Fee + order.Discount;
    }

    private static CompiledRuleSet<Order> Precompiled(CompiledRuleSet<Order> rules)
    {
#if WITHOUT_GENERATED_RULES
        var precompiled = rules;
#else
        var precompiled = rules.WithPrecompiled(Generated.OrderRules.RuleSet);
#endif
        return precompiled.IsPrecompiled ? precompiled : throw new InvalidOperationException(
            "Generated/OrderRules.g.cs is stale: run `dotnet run -c Release --project benchmarks/Consumables.Rules.Benchmarks -- generate`.");
    }
}
