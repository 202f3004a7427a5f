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

    private static RuleSetBuilder<Signals> Builder() =>
        new RuleSetBuilder<Signals>("other", "test").Input(Kind).Input(Amount)
            .Add(Rule.Define<Signals>("kind").WithPriority(3).WhenEquals(Kind, 1, "kind 1").Then(Stage, 1))
            .Add(Rule.Define<Signals>("large").WithPriority(2).WhenAtLeast(Amount, 100m, "100 or more").Then(Price, Amount))
            .Add(Rule.Define<Signals>("small").WithPriority(1).WhenLessThan(Amount, 100m, "under 100").Then(Stage, 2));
}
