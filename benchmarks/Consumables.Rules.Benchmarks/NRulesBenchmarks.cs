using BenchmarkDotNet.Attributes;
using Consumables.Rules.NRules;
using Consumables.Rules.Policy;
using NRules.Fluent.Dsl;

namespace Consumables.Rules.Benchmarks;

/// <summary>
/// The standard rules on NRules (a session per line) against the compiled facade, per line. Goal: NRules at most
/// 30 µs a line; report the ratio.
/// </summary>
[MemoryDiagnoser]
public class NRulesEngineBenchmarks
{
    private readonly ChargeLine[] _lines = SampleLines.WithErrors(64);
    private readonly PolicyTimeline _timeline = PolicyTimeline.Create([PolicyVersion.Default]);
    private ConsumablePricer _compiled = null!;
    private ConsumablePricer _nrules = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _compiled = ConsumablePricer.Create(_timeline);
        _nrules = ConsumablePricer.Create(_timeline, new ConsumablesRulesOptions { Engine = PricingEngine.NRules }.UseNRules());
    }

    [Benchmark(Baseline = true)]
    public decimal Compiled() => _compiled.Price(_lines[_next++ & 63]).InPolicyScope;

    [Benchmark]
    public decimal NRules() => _nrules.Price(_lines[_next++ & 63]).InPolicyScope;
}

/// <summary>
/// The facade with the NRules package registered and no users' rules against the plain facade, per line. Goal: no
/// measurable cost (at most 1.05×) and 0 B a line.
/// </summary>
[MemoryDiagnoser]
public class NoUserRulesBenchmarks
{
    private readonly ChargeLine[] _lines = SampleLines.Mixed(64);
    private ConsumablePricer _plain = null!;
    private ConsumablePricer _registered = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var timeline = PolicyTimeline.Create([PolicyVersion.Default]);
        _plain = ConsumablePricer.Create(timeline);
        _registered = ConsumablePricer.Create(timeline, new ConsumablesRulesOptions().UseNRules());
    }

    [Benchmark(Baseline = true)]
    public decimal Facade() => _plain.Price(_lines[_next++ & 63]).InPolicyScope;

    [Benchmark]
    public decimal Facade_NRules_registered_no_rules() => _registered.Price(_lines[_next++ & 63]).InPolicyScope;
}

/// <summary>
/// Users' NRules rules per visit: 0, 1 and 10 rules over visits of 1 and 20 lines, per line, against the same lines
/// priced one by one with no users' rules. Goals: no rules → no measurable cost and 0 B a line; 10 rules over visits of
/// 20 lines → at most 2 µs a line added.
/// </summary>
[MemoryDiagnoser]
public class UserRuleStageBenchmarks
{
    private readonly ChargeLine[] _lines = SampleLines.Mixed(20);
    private readonly object[] _facts = [new BenchWard("W0"), new BenchDoctor("D1")];
    private ConsumablePricer _plain = null!;
    private ConsumablePricer _withRules = null!;
    private ChargeLine[] _visit = null!;

    [Params(0, 1, 10)]
    public int Rules { get; set; }

    [Params(1, 20)]
    public int VisitSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var timeline = PolicyTimeline.Create([PolicyVersion.Default]);
        _plain = ConsumablePricer.Create(timeline);
        var types = WardRules.Types.Take(Rules).ToArray();
        _withRules = ConsumablePricer.Create(timeline, new ConsumablesRulesOptions { VisitRules = NRulesVisitRules.Load(spec => spec.From(types)) });
        _visit = _lines[..VisitSize];
    }

    [Benchmark(Baseline = true)]
    public decimal LineByLine()
    {
        var sum = 0m;
        foreach (var line in _visit)
        {
            sum += _plain.Price(line).InPolicyScope;
        }

        return sum;
    }

    [Benchmark]
    public decimal Visit()
    {
        var sum = 0m;
        var results = _withRules.PriceVisit(_visit, _facts);
        for (var i = 0; i < results.Count; i++)
        {
            sum += results[i].InPolicyScope;
        }

        return sum;
    }
}

/// <summary>
/// Lines priced one at a time (<c>Price</c>, and <c>PriceVisit</c> of one line) with 10 users' rules that never fire,
/// against the same pricer with no rules. <c>NeedsWard</c>: every rule needs a ward fact, so a line alone skips the
/// stage; <c>LinesOnly</c>: every rule matches lines alone (with a condition no line meets), so each line runs a
/// session. Goals: at most 1.5 µs a line added (0.6 µs through <c>Price</c> when no rule can match).
/// </summary>
[MemoryDiagnoser]
public class UserRuleSingleLineBenchmarks
{
    private readonly ChargeLine[] _lines = SampleLines.Mixed(64);
    private ConsumablePricer _plain = null!;
    private ConsumablePricer _withRules = null!;
    private int _next;

    /// <summary>Gets or sets the kind of the ten rules.</summary>
    [Params("NeedsWard", "LinesOnly")]
    public string Rules { get; set; } = "NeedsWard";

    [GlobalSetup]
    public void Setup()
    {
        var timeline = PolicyTimeline.Create([PolicyVersion.Default]);
        _plain = ConsumablePricer.Create(timeline);
        var types = Rules == "NeedsWard" ? WardRules.Types : LineRules.Types;
        _withRules = ConsumablePricer.Create(timeline, new ConsumablesRulesOptions { VisitRules = NRulesVisitRules.Load(spec => spec.From(types)) });
    }

    [Benchmark(Baseline = true)]
    public decimal Price_no_rules() => _plain.Price(_lines[_next++ & 63]).InPolicyScope;

    [Benchmark]
    public decimal Price_10_rules() => _withRules.Price(_lines[_next++ & 63]).InPolicyScope;

    [Benchmark]
    public decimal PriceVisit_one_line_10_rules() => _withRules.PriceVisit([_lines[_next++ & 63]])[0].InPolicyScope;
}

/// <summary>A ward (a context fact of the benchmark's visits).</summary>
public sealed record BenchWard(string Code);

/// <summary>A doctor (a context fact of the benchmark's visits).</summary>
public sealed record BenchDoctor(string Code);

/// <summary>Ten rules of one shape: in ward <c>Wn</c>, payable lines above a price get a limit; one ward matches the visits.</summary>
public abstract class WardRule : Rule
{
    protected abstract string Ward { get; }

    protected abstract decimal Above { get; }

    public override void Define()
    {
        BenchWard ward = null!;
        BenchDoctor doctor = null!;
        PricedLine priced = null!;
        var code = Ward;
        var above = Above;
        When().Match(() => ward, w => w.Code == code)
              .Match(() => doctor, d => d.Code != "blocked")
              .Match(() => priced, p => p.IsPayable, p => p.Line.UnitPrice > above);
        Then().Do(ctx => priced.ApplyLimit(above, "the ward's own limit"));
    }
}

/// <summary>The benchmark's ten rule classes, so a run loads the first N.</summary>
internal static class WardRules
{
    internal static readonly Type[] Types =
    [
        typeof(Ward0), typeof(Ward1), typeof(Ward2), typeof(Ward3), typeof(Ward4),
        typeof(Ward5), typeof(Ward6), typeof(Ward7), typeof(Ward8), typeof(Ward9),
    ];
}

[Name("bench/ward-0")] public sealed class Ward0 : WardRule { protected override string Ward => "W0"; protected override decimal Above => 500m; }
[Name("bench/ward-1")] public sealed class Ward1 : WardRule { protected override string Ward => "W1"; protected override decimal Above => 510m; }
[Name("bench/ward-2")] public sealed class Ward2 : WardRule { protected override string Ward => "W2"; protected override decimal Above => 520m; }
[Name("bench/ward-3")] public sealed class Ward3 : WardRule { protected override string Ward => "W3"; protected override decimal Above => 530m; }
[Name("bench/ward-4")] public sealed class Ward4 : WardRule { protected override string Ward => "W4"; protected override decimal Above => 540m; }
[Name("bench/ward-5")] public sealed class Ward5 : WardRule { protected override string Ward => "W5"; protected override decimal Above => 550m; }
[Name("bench/ward-6")] public sealed class Ward6 : WardRule { protected override string Ward => "W6"; protected override decimal Above => 560m; }
[Name("bench/ward-7")] public sealed class Ward7 : WardRule { protected override string Ward => "W7"; protected override decimal Above => 570m; }
[Name("bench/ward-8")] public sealed class Ward8 : WardRule { protected override string Ward => "W8"; protected override decimal Above => 580m; }
[Name("bench/ward-9")] public sealed class Ward9 : WardRule { protected override string Ward => "W9"; protected override decimal Above => 590m; }

/// <summary>Ten rules over lines alone that never fire: a payable line of an absurd quantity gets a limit.</summary>
public abstract class LineRule : Rule
{
    protected abstract decimal Quantity { get; }

    public override void Define()
    {
        PricedLine priced = null!;
        var quantity = Quantity;
        When().Match(() => priced, p => p.IsPayable, p => p.Line.Quantity == quantity);
        Then().Do(ctx => priced.ApplyLimit(1m, "an absurd quantity"));
    }
}

/// <summary>The benchmark's ten line-only rule classes.</summary>
internal static class LineRules
{
    internal static readonly Type[] Types =
    [
        typeof(Line0), typeof(Line1), typeof(Line2), typeof(Line3), typeof(Line4),
        typeof(Line5), typeof(Line6), typeof(Line7), typeof(Line8), typeof(Line9),
    ];
}

[Name("bench/line-0")] public sealed class Line0 : LineRule { protected override decimal Quantity => 900_000m; }
[Name("bench/line-1")] public sealed class Line1 : LineRule { protected override decimal Quantity => 900_001m; }
[Name("bench/line-2")] public sealed class Line2 : LineRule { protected override decimal Quantity => 900_002m; }
[Name("bench/line-3")] public sealed class Line3 : LineRule { protected override decimal Quantity => 900_003m; }
[Name("bench/line-4")] public sealed class Line4 : LineRule { protected override decimal Quantity => 900_004m; }
[Name("bench/line-5")] public sealed class Line5 : LineRule { protected override decimal Quantity => 900_005m; }
[Name("bench/line-6")] public sealed class Line6 : LineRule { protected override decimal Quantity => 900_006m; }
[Name("bench/line-7")] public sealed class Line7 : LineRule { protected override decimal Quantity => 900_007m; }
[Name("bench/line-8")] public sealed class Line8 : LineRule { protected override decimal Quantity => 900_008m; }
[Name("bench/line-9")] public sealed class Line9 : LineRule { protected override decimal Quantity => 900_009m; }
