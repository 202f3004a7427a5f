using Consumables.Rules.Engine;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Engine;

/// <summary>A working memory with every kind of fact the compiled program handles inline, and some it calls.</summary>
public struct Signals
{
    public int Kind;
    public bool Flag;
    public byte Level;
    public decimal Amount;
    public decimal? Extra;
    public int Zone;
    public int Stage;
    public byte Tier;
    public decimal Price;
    public decimal Cap;
    public Marks Marks;
    public bool Stop;
}

[Flags]
public enum Marks
{
    None = 0,
    Red = 1,
    Green = 2,
    Blue = 4,
}

/// <summary>
/// The untraced evaluation runs a compiled program (a decision graph, or rule after rule for large sets); the traced
/// evaluation runs each rule's conditions and actions one by one. Random rule sets must give the same facts, the same
/// asserted facts, the same count of fired rules and the same halting rule both ways.
/// </summary>
public class ProgramTests
{
    private static readonly Fact<Signals, int> Kind = Fact.Input<Signals, int>("kind", static (ref Signals s) => ref s.Kind);
    private static readonly Fact<Signals, bool> Flag = Fact.Input<Signals, bool>("flag", static (ref Signals s) => ref s.Flag);
    private static readonly Fact<Signals, byte> Level = Fact.Input<Signals, byte>("level", static (ref Signals s) => ref s.Level);
    private static readonly Fact<Signals, decimal> Amount = Fact.Input<Signals, decimal>("amount", static (ref Signals s) => ref s.Amount);
    private static readonly Fact<Signals, decimal?> Extra = Fact.Input<Signals, decimal?>("extra", static (ref Signals s) => ref s.Extra);
    private static readonly Fact<Signals, int> Zone = Fact.Input<Signals, int>("zone", static (ref Signals s) => ref s.Zone);
    private static readonly Fact<Signals, int> Stage = Fact.Single<Signals, int>("stage", static (ref Signals s) => ref s.Stage);
    private static readonly Fact<Signals, byte> Tier = Fact.Single<Signals, byte>("tier", static (ref Signals s) => ref s.Tier);
    private static readonly Fact<Signals, decimal> Price = Fact.Single<Signals, decimal>("price", static (ref Signals s) => ref s.Price);
    private static readonly Fact<Signals, decimal> Cap = Fact.Aggregate<Signals, decimal>("cap", static (ref Signals s) => ref s.Cap, Aggregation.Min<decimal>());
    private static readonly Fact<Signals, Marks> Mark = Fact.Aggregate<Signals, Marks>("marks", static (ref Signals s) => ref s.Marks, Aggregation.Union<Marks>());
    private static readonly Fact<Signals, bool> Stop = Fact.Single<Signals, bool>("stop", static (ref Signals s) => ref s.Stop);

    private static readonly Fact<Signals>[] Derived = [Stage, Tier, Price, Cap, Mark, Stop];

    /// <summary>Amounts in halves, so equal values of different scales (1 and 1.0) meet; a few below zero.</summary>
    private static readonly Gen<decimal> Amounts = Gen.Choose(-3, 20).Select(static n => n / 2m);

    private static readonly Gen<decimal> Thresholds = Gen.Choose(-4, 20).Select(static n => n * 5 / 10.0m);

    internal static readonly Gen<Signals> Memories =
        from kind in Gen.Choose(0, 3)
        from flag in ArbMap.Default.GeneratorFor<bool>()
        from level in Gen.Choose(0, 2)
        from amount in Amounts
        from extra in Gen.OneOf(Gen.Constant<decimal?>(null), Amounts.Select(static a => (decimal?)a))
        from zone in Gen.Choose(0, 5)
        select new Signals { Kind = kind, Flag = flag, Level = (byte)level, Amount = amount, Extra = extra, Zone = zone };

    internal static readonly Gen<RuleRecipe> Recipes =
        from conditions in Part(17).ArrayOf()
        from actions in Part(9).NonEmptyListOf()
        from keyed in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from priority in Gen.Choose(-5, 5)
        from halts in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new RuleRecipe([.. conditions.Take(3)], [.. actions.Take(2)], keyed, priority, halts);

    private static Gen<(int Kind, int Value, decimal Threshold)> Part(int kinds) =>
        from kind in Gen.Choose(0, kinds)
        from value in Gen.Choose(0, 3)
        from threshold in Thresholds
        select (kind, value, threshold);

    [Fact]
    public void Small_rule_sets_compile_to_a_decision_graph_that_agrees_with_the_traced_evaluation()
    {
        var sets = Recipes.ListOf().Select(static r => r.Take(16).ToArray());
        var (compiled, graphs) = (0, 0);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_500), Prop.ForAll(sets.ToArbitrary(), Memories.ArrayOf(20).ToArbitrary(), (recipes, memories) =>
        {
            var rules = Build(recipes);
            compiled++;
            graphs += rules.IsDecisionGraph ? 1 : 0;
            return memories.All(m => Agree(rules, m));
        }));

        // A few sets of 16 rules testing the same facts in many combinations exceed the graph's budget and are laid out
        // rule after rule (also checked here); nearly all compile to a graph.
        Assert.True(graphs >= compiled * 0.95, $"{graphs} of {compiled} rule sets compiled to a decision graph.");
    }

    [Fact]
    public void Large_rule_sets_are_laid_out_rule_after_rule_and_agree_with_the_traced_evaluation()
    {
        var sets = Recipes.ArrayOf(300);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), Prop.ForAll(sets.ToArbitrary(), Memories.ArrayOf(50).ToArbitrary(), (recipes, memories) =>
        {
            var rules = Build(recipes);
            return !rules.IsDecisionGraph && memories.All(m => Agree(rules, m));
        }));
    }

    [Fact]
    public void A_test_known_on_every_path_is_not_repeated()
    {
        // Three rules test "kind = 1"; the graph tests it once, then knows it.
        var rules = new RuleSetBuilder<Signals>("known", "test").Input(Kind).Input(Amount)
            .Add(Rule.Define<Signals>("a").WithPriority(3).WhenEquals(Kind, 1, "kind 1").Then(Stage, 1))
            .Add(Rule.Define<Signals>("b").WithPriority(2).WhenEquals(Kind, 1, "kind 1").WhenAtLeast(Amount, 5m, "5 or more").Then(Price, Amount))
            .Add(Rule.Define<Signals>("c").WithPriority(1).WhenEquals(Kind, 1, "kind 1").Then(Cap, 7m))
            .Compile();

        Assert.True(rules.IsDecisionGraph);
        Assert.Equal(1, rules.Program.TestsAt(0));

        var memory = new Signals { Kind = 1, Amount = 6m };
        rules.Evaluate(ref memory);
        Assert.Equal((1, 6m, 7m), (memory.Stage, memory.Price, memory.Cap));
    }

    internal static bool Agree(CompiledRuleSet<Signals> rules, Signals memory)
    {
        var (fast, traced) = (memory, memory);
        var a = rules.Evaluate(ref fast);
        var b = rules.Evaluate(ref traced, new RuleTrace());
        return fast.Stage == traced.Stage && fast.Tier == traced.Tier && fast.Price == traced.Price && fast.Cap == traced.Cap && fast.Marks == traced.Marks && fast.Stop == traced.Stop
            && a.FiredCount == b.FiredCount && a.HaltedBy == b.HaltedBy
            && Derived.All(f => !rules.TryGetIndex(f, out var index) || a.IsAsserted(index) == b.IsAsserted(index));
    }

    /// <summary>Builds a valid rule set from recipes: distinct names, no cycles, no two equal-priority rules disagreeing.</summary>
    internal static CompiledRuleSet<Signals> Build(IReadOnlyList<RuleRecipe> recipes)
    {
        var builder = new RuleSetBuilder<Signals>("random", "test").Input(Kind).Input(Flag).Input(Level).Input(Amount).Input(Extra).Input(Zone);
        bool readsStage = false, assertsStage = false, readsTier = false, assertsTier = false, readsPrice = false, assertsPrice = false;
        for (var i = 0; i < recipes.Count; i++)
        {
            var recipe = recipes[i];

            // Layers keep the set free of cycles: stage and tier asserters read no derived fact and assert no price;
            // stage and tier readers may assert a price; price readers assert only the aggregates. A layer's priorities
            // lie above the next layer's, so priority order and dependency order agree (asserters of one single fact
            // run in priority order).
            var actions = recipe.Actions.ToList();
            var conditions = recipe.Conditions.ToList();
            if (actions.Any(static a => a.Kind is 0 or 8 or 9))
            {
                conditions.RemoveAll(static c => c.Kind >= 11);
                actions = [.. actions.Select(static a => a.Kind is 1 or 2 or 3 or 7 ? (4, a.Value, a.Threshold) : a)];
            }

            var readsPriceHere = conditions.Any(static c => c.Kind is 13 or 16);
            if (readsPriceHere)
            {
                actions = [.. actions.Select(static a => (4 + (a.Kind % 3), a.Value, a.Threshold))];
            }

            var layer = readsPriceHere ? 0 : conditions.Any(static c => c.Kind >= 11) ? 1 : 2;

            // Keyed rules share their layer's keyed priority and have a key each (so they group and never compete): an
            // integer key (zone) for most, a decimal one (amount, found by hash in generated code too) for some; the
            // others have distinct priorities.
            var byAmount = recipe.Keyed && i % 3 == 2;
            var rule = Rule.Define<Signals>($"rule/{i}").WithPriority((layer * 100_000) + (recipe.Keyed ? (byAmount ? 60_000 : 50_000) : (recipe.Priority * 1_000) + i));
            if (recipe.Keyed)
            {
                rule = byAmount ? rule.WhenKey(Amount, i / 2m) : rule.WhenKey(Zone, i);
            }

            foreach (var (kind, value, threshold) in conditions)
            {
                rule = kind switch
                {
                    0 => rule.WhenEquals(Kind, value, "kind is"),
                    1 => rule.WhenNotEquals(Kind, value, "kind is not"),
                    2 => rule.WhenEquals(Flag, value % 2 == 0, "flag is"),
                    3 => rule.WhenEquals(Level, (byte)(value % 3), "level is"),
                    4 => rule.WhenLessThan(Amount, threshold, "amount under"),
                    5 => rule.WhenAtLeast(Amount, threshold, "amount at least"),
                    6 => rule.WhenEquals(Amount, threshold, "amount is"),
                    7 => rule.WhenGreaterThan(Amount, threshold, "amount over"),
                    8 => rule.WhenAtMost(Amount, threshold, "amount at most"),
                    9 => rule.WhenHasValue(Extra, "extra is there"),
                    10 => rule.When(Amount, a => a > threshold, "amount over, by delegate"),
                    11 => rule.WhenEquals(Stage, 1 + (value % 3), "stage is"),
                    12 => rule.WhenAsserted(Stage),
                    13 => rule.WhenNotAsserted(Price),
                    14 => rule.WhenNotEquals(Stage, 1 + (value % 3), "stage is not"),
                    15 => rule.WhenEquals(Tier, (byte)(value % 3), "tier is"),
                    16 => rule.WhenAtLeast(Price, threshold, "price at least"),
                    _ => rule.When(Tier, t => t == value % 3, "tier is, by delegate"),
                };
                readsStage |= kind is 11 or 12 or 14;
                readsTier |= kind is 15 or 17;
                readsPrice |= kind is 13 or 16;
            }

            foreach (var (kind, value, threshold) in actions)
            {
                rule = kind switch
                {
                    0 => rule.Then(Stage, 1 + (value % 3)),
                    1 => rule.Then(Price, threshold),
                    2 => rule.Then(Price, Amount),
                    3 => rule.Then(Price, Extra),
                    4 => rule.Then(Cap, threshold),
                    5 => rule.Then(Cap, Amount),
                    6 => rule.Then(Mark, (Marks)(1 << (value % 3))),
                    7 => rule.Then(Price, Amount, static a => a * 2m),
                    8 => rule.Then(Tier, (byte)(value % 3)),
                    _ => rule.Then(Tier, Level),
                };
                assertsStage |= kind == 0;
                assertsTier |= kind is 8 or 9;
                assertsPrice |= kind is 1 or 2 or 3 or 7;
            }

            builder.Add(recipe.Halts ? rule.Then(Stop, true).Halt() : rule);
        }

        if (readsStage && !assertsStage)
        {
            builder.Add(Rule.Define<Signals>("base/stage").WithPriority(100_000 - 1).WhenEquals(Flag, true, "flag").Then(Stage, 2));
        }

        if (readsTier && !assertsTier)
        {
            builder.Add(Rule.Define<Signals>("base/tier").WithPriority(200_000 + 99_999).WhenEquals(Flag, false, "no flag").Then(Tier, Level));
        }

        if (readsPrice && !assertsPrice)
        {
            builder.Add(Rule.Define<Signals>("base/price").WithPriority(-100_000).WhenEquals(Flag, false, "no flag").Then(Price, Amount));
        }

        try
        {
            return builder.Compile();
        }
        catch (RuleCompilationException e)
        {
            throw new InvalidOperationException(string.Join("; ", e.Errors.Select(static x => x.Message)), e);
        }
    }

    /// <summary>A rule to build: conditions and actions as (kind, value, threshold), whether keyed, its priority, whether it halts.</summary>
    public sealed record RuleRecipe((int Kind, int Value, decimal Threshold)[] Conditions, (int Kind, int Value, decimal Threshold)[] Actions, bool Keyed, int Priority, bool Halts);
}

/// <summary>Twelve independent switches: rules testing each twice make every combination a distinct path.</summary>
public struct Switches
{
    public bool S0, S1, S2, S3, S4, S5, S6, S7, S8, S9, S10, S11;
    public int On;
    public int Off;
}

public class GraphBudgetTests
{
    [Fact]
    public void A_rule_set_whose_graph_would_explode_is_laid_out_rule_after_rule_and_still_agrees()
    {
        var switches = Enumerable.Range(0, 12).Select(Switch).ToArray();
        var on = Fact.Aggregate<Switches, int>("on", static (ref Switches s) => ref s.On, Aggregation.Create<int>("sum", static (a, b) => a + b));
        var off = Fact.Aggregate<Switches, int>("off", static (ref Switches s) => ref s.Off, Aggregation.Create<int>("sum", static (a, b) => a + b));
        var builder = new RuleSetBuilder<Switches>("switches", "test");
        for (var i = 0; i < switches.Length; i++)
        {
            builder.Input(switches[i])
                .Add(Rule.Define<Switches>($"on/{i}").WithPriority(100 - i).WhenEquals(switches[i], true, "on").Then(on, 1 << i))
                .Add(Rule.Define<Switches>($"off/{i}").WithPriority(50 - i).WhenEquals(switches[i], false, "off").Then(off, 1 << i));
        }

        var rules = builder.Compile();

        // Until the second half, every switch is still to be tested again: 4,096 states, over the budget.
        Assert.False(rules.IsDecisionGraph);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Gen.Choose(0, 4095).ToArbitrary(), bits =>
        {
            var memory = default(Switches);
            for (var i = 0; i < switches.Length; i++)
            {
                switches[i].Slot(ref memory) = (bits & (1 << i)) != 0;
            }

            var (fast, traced) = (memory, memory);
            rules.Evaluate(ref fast);
            rules.Evaluate(ref traced, new RuleTrace());
            return fast.On == bits && fast.Off == (~bits & 4095) && (traced.On, traced.Off) == (fast.On, fast.Off);
        }));
    }

    private static Fact<Switches, bool> Switch(int i) => i switch
    {
        0 => Fact.Input<Switches, bool>("s0", static (ref Switches s) => ref s.S0),
        1 => Fact.Input<Switches, bool>("s1", static (ref Switches s) => ref s.S1),
        2 => Fact.Input<Switches, bool>("s2", static (ref Switches s) => ref s.S2),
        3 => Fact.Input<Switches, bool>("s3", static (ref Switches s) => ref s.S3),
        4 => Fact.Input<Switches, bool>("s4", static (ref Switches s) => ref s.S4),
        5 => Fact.Input<Switches, bool>("s5", static (ref Switches s) => ref s.S5),
        6 => Fact.Input<Switches, bool>("s6", static (ref Switches s) => ref s.S6),
        7 => Fact.Input<Switches, bool>("s7", static (ref Switches s) => ref s.S7),
        8 => Fact.Input<Switches, bool>("s8", static (ref Switches s) => ref s.S8),
        9 => Fact.Input<Switches, bool>("s9", static (ref Switches s) => ref s.S9),
        10 => Fact.Input<Switches, bool>("s10", static (ref Switches s) => ref s.S10),
        _ => Fact.Input<Switches, bool>("s11", static (ref Switches s) => ref s.S11),
    };
}

public class ProgramEdgeTests
{
    private static readonly Fact<Signals, bool> Flag = Fact.Input<Signals, bool>("flag", static (ref Signals s) => ref s.Flag);
    private static readonly Fact<Signals, int> Kind = Fact.Input<Signals, int>("kind", static (ref Signals s) => ref s.Kind);
    private static readonly Fact<Signals, decimal> Amount = Fact.Input<Signals, decimal>("amount", static (ref Signals s) => ref s.Amount);
    private static readonly Fact<Signals, int> Stage = Fact.Single<Signals, int>("stage", static (ref Signals s) => ref s.Stage);
    private static readonly Fact<Signals, decimal> Price = Fact.Single<Signals, decimal>("price", static (ref Signals s) => ref s.Price);
    private static readonly Fact<Signals, decimal> Cap = Fact.Aggregate<Signals, decimal>("cap", static (ref Signals s) => ref s.Cap, Aggregation.Min<decimal>());

    [Fact]
    public void A_bool_byte_holding_neither_0_nor_1_is_evaluated_as_the_trace_evaluates_it()
    {
        var rules = new RuleSetBuilder<Signals>("bools", "test").Input(Flag)
            .Add(Rule.Define<Signals>("off").WithPriority(2).WhenEquals(Flag, false, "off").Then(Stage, 1))
            .Add(Rule.Define<Signals>("on").WithPriority(1).WhenEquals(Flag, true, "on").Then(Price, 1m))
            .Compile();
        var memory = default(Signals);
        System.Runtime.CompilerServices.Unsafe.As<bool, byte>(ref memory.Flag) = 2;

        var (fast, traced) = (memory, memory);
        var a = rules.Evaluate(ref fast);
        var b = rules.Evaluate(ref traced, new RuleTrace());

        Assert.Equal((b.FiredCount, traced.Stage, traced.Price), (a.FiredCount, fast.Stage, fast.Price));
    }

    [Fact]
    public void A_decimal_test_and_its_complement_are_decided_once_per_path()
    {
        var rules = new RuleSetBuilder<Signals>("decimals", "test").Input(Amount)
            .Add(Rule.Define<Signals>("negative").WithPriority(3).WhenLessThan(Amount, 0m, "below zero").Then(Stage, 1))
            .Add(Rule.Define<Signals>("not-negative").WithPriority(2).WhenAtLeast(Amount, 0m, "zero or more").Then(Price, Amount))
            .Add(Rule.Define<Signals>("negative-cap").WithPriority(1).WhenLessThan(Amount, 0m, "below zero").Then(Cap, 5m))
            .Compile();

        Assert.Equal(1, rules.Program.TestsAt(Amount.Offset));
        foreach (var amount in new[] { -1m, 0m, 2.5m })
        {
            var memory = new Signals { Amount = amount };
            rules.Evaluate(ref memory);
            Assert.Equal(amount < 0m ? (1, 0m, 5m) : (0, amount, 0m), (memory.Stage, memory.Price, memory.Cap));
        }
    }

    [Fact]
    public void Compiling_deep_rule_sets_on_a_small_stack_falls_back_instead_of_overflowing()
    {
        var builder = new RuleSetBuilder<Signals>("deep", "test").Input(Kind);
        for (var i = 0; i < 256; i++)
        {
            var rule = Rule.Define<Signals>($"deep/{i}").WithPriority(-i);
            for (var c = 0; c < 20; c++)
            {
                rule = rule.WhenNotEquals(Kind, -1 - c - (i * 20), "kind is not");
            }

            builder.Add(rule.Then(Cap, i));
        }

        CompiledRuleSet<Signals>? rules = null;
        var thread = new Thread(() => rules = builder.Compile(), maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.NotNull(rules);
        foreach (var kind in new[] { 0, -1, -25, -5_000 })
        {
            var (fast, traced) = (new Signals { Kind = kind }, new Signals { Kind = kind });
            rules.Evaluate(ref fast);
            rules.Evaluate(ref traced, new RuleTrace());
            Assert.Equal(traced.Cap, fast.Cap);
        }
    }
}
