using Consumables.Rules.Engine;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Engine;

/// <summary>
/// A rule set's untraced evaluation generated as C#: the generated code compiles with warnings as errors and overflow
/// checks, gives what the traced evaluation gives on random rule sets of every shape, and is never run for rules it
/// was not generated from.
/// </summary>
public class PrecompiledTests
{
    private static readonly Fact<Signals, int> Kind = Fact.Input<Signals, int>("kind", static (ref Signals s) => ref s.Kind);
    private static readonly Fact<Signals, decimal> Amount = Fact.Input<Signals, decimal>("amount", static (ref Signals s) => ref s.Amount);
    private static readonly Fact<Signals, int> Stage = Fact.Single<Signals, int>("stage", static (ref Signals s) => ref s.Stage);
    private static readonly Fact<Signals, decimal> Price = Fact.Single<Signals, decimal>("price", static (ref Signals s) => ref s.Price);

    [Fact]
    public void Generated_code_agrees_with_the_traced_evaluation_on_random_rule_sets()
    {
        // 150 small sets (decision graphs) and 3 of 300 rules (rule after rule), with keyed groups on an integer (a
        // switch in the generated code) and on a decimal (found by hash). (FsCheck's Sample takes the count, then the size.)
        var small = ProgramTests.Recipes.ListOf().Select(static r => r.Take(16).ToArray()).Sample(150, 20);
        var large = ProgramTests.Recipes.ArrayOf(300).Sample(3, 20);
        var sets = small.Concat(large).Select(ProgramTests.Build).ToArray();
        var sources = sets.Select(static (rules, i) => rules.ToCSharp("Generated.Random", $"Set{i}")).ToArray();
        var assembly = GeneratedCode.Compile(sources);
        var precompiled = sets.Select((rules, i) => rules.WithPrecompiled(GeneratedCode.RuleSet<Signals>(assembly, $"Generated.Random.Set{i}"))).ToArray();

        Assert.All(precompiled, static rules => Assert.True(rules.IsPrecompiled));
        Assert.Contains(sets, static rules => rules.IsDecisionGraph);
        Assert.Contains(sets, static rules => !rules.IsDecisionGraph);
        Assert.Contains(sources, static source => source.Contains("switch ((ulong)Read<uint>", StringComparison.Ordinal));
        Assert.Contains(sources, static source => source.Contains("context.Find(", StringComparison.Ordinal));
        Assert.Contains(sources, static source => source.Contains("context.Test(", StringComparison.Ordinal));
        Assert.Contains(sources, static source => source.Contains("context.Execute(", StringComparison.Ordinal));
        Assert.Contains(sources, static source => source.Contains("switch (resume)", StringComparison.Ordinal));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3_000), Prop.ForAll(Gen.Choose(0, sets.Length - 1).ToArbitrary(), ProgramTests.Memories.ArrayOf(20).ToArbitrary(), (set, memories) =>
            memories.All(memory => ProgramTests.Agree(precompiled[set], memory))));
    }

    [Fact]
    public void Code_generated_from_other_rules_is_not_run()
    {
        var builder = Builder();
        var rules = builder.Compile();
        var assembly = GeneratedCode.Compile([rules.ToCSharp("Generated.Other", "Rules")]);
        var generated = GeneratedCode.RuleSet<Signals>(assembly, "Generated.Other.Rules");

        var same = Builder().Compile().WithPrecompiled(generated);
        var disabled = Builder().Disable("small").Compile();
        var changed = Builder().Replace("large", Rule.Define<Signals>("large").WithPriority(2).WhenAtLeast(Amount, 101m, "over 100").Then(Price, Amount)).Compile();

        Assert.True(same.IsPrecompiled);
        Assert.Same(disabled, disabled.WithPrecompiled(generated));
        Assert.Same(changed, changed.WithPrecompiled(generated));
        Assert.False(changed.WithPrecompiled(generated).IsPrecompiled);

        // Descriptions only show in traces: changing one keeps the program, and the generated code stays valid.
        var described = Builder().Replace("small", Rule.Define<Signals>("small").Describe("another wording").WithPriority(1).WhenLessThan(Amount, 100m, "under 100").Then(Stage, 2)).Compile();
        Assert.True(described.WithPrecompiled(generated).IsPrecompiled);

        var memory = new Signals { Kind = 1, Amount = 150m };
        var outcome = same.Evaluate(ref memory);
        Assert.Equal((1, 150m, 2), (memory.Stage, memory.Price, outcome.FiredCount));
    }

    [Theory]
    [InlineData("Generated", "1Rules", "className")]
    [InlineData("Generated", "My Rules", "className")]
    [InlineData("Generated..Rules", "Rules", "namespaceName")]
    [InlineData("", "Rules", "namespaceName")]
    [InlineData("Generated.class", "Rules", "namespaceName")]
    [InlineData("Generated", "int", "className")]
    [InlineData("Generated", "RuleSet", "className")]
    [InlineData("Generated", "Evaluate", "className")]
    [InlineData("Generated", "K3", "className")]
    public void Invalid_names_are_refused_naming_the_parameter(string namespaceName, string className, string parameter)
    {
        var error = Assert.Throws<ArgumentException>(() => Builder().Compile().ToCSharp(namespaceName, className));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Generated_code_evaluates_without_allocating()
    {
        var rules = Builder().Compile();
        var assembly = GeneratedCode.Compile([rules.ToCSharp("Generated.Allocation", "Rules")]);
        rules = rules.WithPrecompiled(GeneratedCode.RuleSet<Signals>(assembly, "Generated.Allocation.Rules"));
        var memories = Enumerable.Range(0, 8).Select(static i => new Signals { Kind = i % 2, Amount = i * 30m }).ToArray();
        foreach (var memory in memories)
        {
            var warm = memory;
            rules.Evaluate(ref warm);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var memory in memories)
        {
            var copy = memory;
            rules.Evaluate(ref copy);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Unions_of_small_enums_and_negative_constants_compile_and_agree()
    {
        // One- and two-byte flags combine in an int in C#; decimal constants below zero carry the sign in their flags.
        var value = Fact.Input<Tiny, decimal>("value", static (ref Tiny t) => ref t.Value);
        var small = Fact.Aggregate<Tiny, SmallFlags>("small", static (ref Tiny t) => ref t.Small, Aggregation.Union<SmallFlags>());
        var wide = Fact.Aggregate<Tiny, WideFlags>("wide", static (ref Tiny t) => ref t.Wide, Aggregation.Union<WideFlags>());
        var low = Fact.Aggregate<Tiny, decimal>("low", static (ref Tiny t) => ref t.Low, Aggregation.Min<decimal>());
        var rules = new RuleSetBuilder<Tiny>("tiny", "test").Input(value)
            .Add(Rule.Define<Tiny>("negative").WithPriority(4).WhenLessThan(value, -1.5m, "under -1.5").Then(small, SmallFlags.A).Then(low, -2.25m))
            .Add(Rule.Define<Tiny>("any").WithPriority(3).WhenAtMost(value, 10m, "at most 10").Then(small, SmallFlags.B).Then(wide, WideFlags.C))
            .Add(Rule.Define<Tiny>("copy").WithPriority(2).WhenGreaterThan(value, -3m, "over -3").Then(low, value))
            .Add(Rule.Define<Tiny>("wide").WithPriority(1).WhenEquals(value, -0.50m, "-0.5").Then(wide, WideFlags.D))
            .Compile();
        var assembly = GeneratedCode.Compile([rules.ToCSharp("Generated.Tiny", "Rules")]);
        var fast = rules.WithPrecompiled(GeneratedCode.RuleSet<Tiny>(assembly, "Generated.Tiny.Rules"));
        Assert.True(fast.IsPrecompiled);

        var values = Gen.Choose(-12, 24).Select(static n => n / 4m);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(values.ToArbitrary(), v =>
        {
            var (a, b) = (new Tiny { Value = v }, new Tiny { Value = v });
            var x = fast.Evaluate(ref a);
            var y = rules.Evaluate(ref b, new RuleTrace());
            return (a.Small, a.Wide, a.Low, x.FiredCount) == (b.Small, b.Wide, b.Low, y.FiredCount);
        }));
    }

    [Fact]
    public void A_generic_working_memory_gets_no_code_and_keeps_its_interpreter()
    {
        var count = Fact.Input<Box<int>, int>("count", static (ref Box<int> b) => ref b.Count);
        var rules = new RuleSetBuilder<Box<int>>("generic", "test").Input(count)
            .Add(Rule.Define<Box<int>>("one").WhenEquals(count, 1, "one").Then(Fact.Single<Box<int>, int>("twice", static (ref Box<int> b) => ref b.Twice), 2))
            .Compile();

        Assert.Throws<NotSupportedException>(() => rules.ToCSharp("Generated", "Rules"));
        Assert.Same(rules, rules.WithPrecompiled(new ForeignCode()));
    }

    private static RuleSetBuilder<Signals> Builder() =>
        new RuleSetBuilder<Signals>("other", "test").Input(Kind).Input(Amount)
            .Add(Rule.Define<Signals>("kind").WithPriority(3).WhenEquals(Kind, 1, "kind 1").Then(Stage, 1))
            .Add(Rule.Define<Signals>("large").WithPriority(2).WhenAtLeast(Amount, 100m, "100 or more").Then(Price, Amount))
            .Add(Rule.Define<Signals>("small").WithPriority(1).WhenLessThan(Amount, 100m, "under 100").Then(Stage, 2));
}

[Flags]
public enum SmallFlags : byte
{
    None = 0,
    A = 1,
    B = 2,
}

[Flags]
public enum WideFlags : short
{
    None = 0,
    C = 0x100,
    D = 0x200,
}

/// <summary>A working memory with one- and two-byte flag aggregates.</summary>
public struct Tiny
{
    public decimal Value;
    public SmallFlags Small;
    public WideFlags Wide;
    public decimal Low;
}

/// <summary>A generic working memory: no code can be generated for it.</summary>
public struct Box<T>
{
    public int Count;
    public int Twice;
    public T Item;
}

/// <summary>Code claiming to be generated for a generic working memory (none can be).</summary>
internal sealed class ForeignCode() : PrecompiledRuleSet<Box<int>>("not-generated")
{
    protected override int Evaluate(ref Box<int> facts, PrecompiledContext<Box<int>> context, ref UInt128 asserted, out string? haltedBy) =>
        throw new InvalidOperationException("Never attached.");
}

