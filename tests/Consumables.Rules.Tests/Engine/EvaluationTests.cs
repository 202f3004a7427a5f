using System.Text.Json;
using Consumables.Rules.Engine;
using static Consumables.Rules.Tests.Engine.Shipping;

namespace Consumables.Rules.Tests.Engine;

public class EvaluationTests
{
    private static readonly CompiledRuleSet<Parcel> Rules = Compile(Standard);

    [Fact]
    public void The_highest_priority_matching_rule_decides_a_single_fact()
    {
        var parcel = new Parcel { Weight = 12m };

        Rules.Evaluate(ref parcel);

        Assert.Equal("heavy", parcel.Band);
        Assert.Equal(20m, parcel.Fee);
    }

    [Fact]
    public void An_aggregate_fact_takes_the_smallest_contribution()
    {
        var parcel = new Parcel { Weight = 6m, Express = true, Zone = 9 };

        var outcome = Rules.Evaluate(ref parcel);

        Assert.Equal(12m, parcel.Cap);
        Assert.True(outcome.IsAsserted(Cap));
    }

    [Fact]
    public void A_halting_rule_stops_the_evaluation()
    {
        var parcel = new Parcel { Weight = 31m };

        var outcome = Rules.Evaluate(ref parcel);

        Assert.True(parcel.Rejected);
        Assert.Equal("reject/overweight", outcome.HaltedBy);
        Assert.False(outcome.IsAsserted(Band));
        Assert.Null(parcel.Band);
    }

    [Fact]
    public void Inputs_count_as_asserted()
    {
        var parcel = new Parcel { Weight = 1m };

        var outcome = Rules.Evaluate(ref parcel);

        Assert.True(outcome.IsAsserted(Weight));
        Assert.False(outcome.IsAsserted(Rejected));
    }

    [Fact]
    public void Replace_swaps_a_rule_by_name()
    {
        var builder = Builder();
        foreach (var rule in Standard)
        {
            builder.Add(rule);
        }

        var rules = builder.Replace("fee/light", Rule.Define<Parcel>("fee/light-promo").WithPriority(4).WhenEquals(Band, "light", "light").Then(Fee, 5m)).Compile();
        var parcel = new Parcel { Weight = 2m };

        rules.Evaluate(ref parcel);

        Assert.Equal(5m, parcel.Fee);
        Assert.Contains(rules.Rules, static r => r.Name == "fee/light-promo");
        Assert.DoesNotContain(rules.Rules, static r => r.Name == "fee/light");
    }

    [Fact]
    public void SelectTags_keeps_only_the_tagged_rules()
    {
        var builder = Builder();
        foreach (var rule in Standard)
        {
            builder.Add(rule);
        }

        var rules = builder.SelectTags("band", "reject").Compile();

        Assert.All(rules.Rules, static r => Assert.True(r.Tags.Contains("band") || r.Tags.Contains("reject")));
        Assert.Equal(3, rules.Rules.Count);
    }

    [Fact]
    public void Trace_records_every_rule_considered_with_why()
    {
        var parcel = new Parcel { Weight = 12m, Zone = 9 };
        var trace = new RuleTrace();

        Rules.Evaluate(ref parcel, trace);

        var reject = trace.Single(static e => e.Rule == "reject/overweight");
        Assert.False(reject.Fired);
        Assert.Equal("the parcel weighs over 30 kg — failed (weight = 12)", reject.Because);
        var light = trace.Single(static e => e.Rule == "band/light");
        Assert.False(light.Fired);
        Assert.Equal("band already decided by rule band/heavy", light.Because);
        var zone = trace.Single(static e => e.Rule == "cap/zone-9");
        Assert.True(zone.Fired);
        Assert.Equal("zone is 9 — held (9)", zone.Because);
        Assert.Equal([new AssertedFact("cap", "24", "24", "min")], zone.Asserted);
    }

    [Fact]
    public void A_trace_renders_values_with_the_formatter_it_is_given()
    {
        var parcel = new Parcel { Weight = 12m, Zone = 9 };
        var trace = new RuleTrace(new ZoneFormatter());

        Rules.Evaluate(ref parcel, trace);

        Assert.Same(typeof(ZoneFormatter), trace.Formatter.GetType());
        Assert.Equal("zone is 9 — held (Z9)", trace.Single(static e => e.Rule == "cap/zone-9").Because);
        Assert.Equal("the parcel weighs over 30 kg — failed (weight = 12)", trace.Single(static e => e.Rule == "reject/overweight").Because);
    }

    private sealed class ZoneFormatter : TraceFormatter
    {
        public override string Format<T>(Fact fact, T value) => fact.Name == "zone" ? $"Z{value}" : base.Format(fact, value);
    }

    [Fact]
    public void Keyed_rules_whose_key_does_not_match_are_not_considered()
    {
        var parcel = new Parcel { Weight = 12m, Zone = 3 };
        var trace = new RuleTrace();

        Rules.Evaluate(ref parcel, trace);

        Assert.DoesNotContain(trace, static e => e.Rule == "cap/zone-9");
    }

    [Fact]
    public void Trace_serialises_with_the_agreed_property_names()
    {
        var parcel = new Parcel { Weight = 2m };
        var trace = new RuleTrace();
        Rules.Evaluate(ref parcel, trace);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(trace));

        var first = json.RootElement[0];
        Assert.Equal(["rule", "fired", "because", "asserted"], first.EnumerateObject().Select(static p => p.Name));
        var fired = json.RootElement.EnumerateArray().First(static e => e.GetProperty("fired").GetBoolean());
        Assert.Equal(["fact", "value"], fired.GetProperty("asserted")[0].EnumerateObject().Select(static p => p.Name));
    }

    [Fact]
    public void Evaluation_without_trace_allocates_nothing()
    {
        // Warm up over the same inputs: the compiled program calls a predicate only on the paths that need it, and the
        // first call of a method compiles it on this thread (which may allocate).
        static void EvaluateAll()
        {
            for (var i = 0; i < 10_000; i++)
            {
                var parcel = new Parcel { Weight = i % 40, Zone = i % 10, Express = i % 2 == 0 };
                Rules.Evaluate(ref parcel);
            }
        }

        EvaluateAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        EvaluateAll();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_compiled_set_is_safe_to_evaluate_from_many_threads()
    {
        var results = new (bool, string?, decimal, decimal)[4000];
        Parallel.For(0, results.Length, i =>
        {
            var parcel = new Parcel { Weight = i % 37, Zone = i % 11, Express = i % 3 == 0 };
            Rules.Evaluate(ref parcel);
            results[i] = (parcel.Rejected, parcel.Band, parcel.Fee, parcel.Cap);
        });

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(ByHand(new Parcel { Weight = i % 37, Zone = i % 11, Express = i % 3 == 0 }), results[i]);
        }
    }
}

public class NullableFactTests
{
    private struct Quote
    {
        public decimal? Limit;
        public bool Capped;
    }

    private static readonly Fact<Quote, decimal?> Limit = Fact.Input<Quote, decimal?>("limit", static (ref Quote q) => ref q.Limit);
    private static readonly Fact<Quote, bool> Capped = Fact.Single<Quote, bool>("capped", static (ref Quote q) => ref q.Capped);

    [Theory]
    [InlineData(null, false)]
    [InlineData(0.0, true)]
    [InlineData(12.5, true)]
    public void WhenHasValue_matches_exactly_the_nullable_facts_that_hold_a_value(double? limit, bool capped)
    {
        var rules = new RuleSetBuilder<Quote>("quotes").Input(Limit)
            .Add(Rule.Define<Quote>("cap").WhenHasValue(Limit, "a limit is set").Then(Capped, true))
            .Compile();
        var quote = new Quote { Limit = limit is null ? null : (decimal)limit.Value };
        var trace = new RuleTrace();
        var traced = quote;

        rules.Evaluate(ref quote);
        rules.Evaluate(ref traced, trace);

        Assert.Equal(capped, quote.Capped);
        Assert.Equal(capped, traced.Capped);
        Assert.Equal(capped, Assert.Single(trace).Fired);
    }
}
