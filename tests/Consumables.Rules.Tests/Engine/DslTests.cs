using Consumables.Rules.Engine;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Engine;

/// <summary>The comparisons, copies and the union aggregation of the DSL, untraced (inline) and traced alike.</summary>
public class DslTests
{
    private static readonly Fact<Signals, decimal> Amount = Fact.Input<Signals, decimal>("amount", static (ref Signals s) => ref s.Amount);
    private static readonly Fact<Signals, int> Kind = Fact.Input<Signals, int>("kind", static (ref Signals s) => ref s.Kind);
    private static readonly Fact<Signals, decimal?> Extra = Fact.Input<Signals, decimal?>("extra", static (ref Signals s) => ref s.Extra);
    private static readonly Fact<Signals, bool> Stop = Fact.Single<Signals, bool>("stop", static (ref Signals s) => ref s.Stop);
    private static readonly Fact<Signals, decimal> Price = Fact.Single<Signals, decimal>("price", static (ref Signals s) => ref s.Price);
    private static readonly Fact<Signals, decimal> Cap = Fact.Aggregate<Signals, decimal>("cap", static (ref Signals s) => ref s.Cap, Aggregation.Min<decimal>());
    private static readonly Fact<Signals, Marks> Marks = Fact.Aggregate<Signals, Marks>("marks", static (ref Signals s) => ref s.Marks, Aggregation.Union<Marks>());

    private static readonly Gen<decimal> Money = Gen.Choose(-2_000, 2_000).Select(static fen => fen / 100m);

    [Fact]
    public void Decimal_comparisons_agree_with_the_operators()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), Prop.ForAll(Money.ToArbitrary(), Money.ToArbitrary(), (value, bound) =>
            Holds(r => r.WhenLessThan(Amount, bound, "under"), value) == (value < bound)
            && Holds(r => r.WhenAtMost(Amount, bound, "at most"), value) == (value <= bound)
            && Holds(r => r.WhenGreaterThan(Amount, bound, "over"), value) == (value > bound)
            && Holds(r => r.WhenAtLeast(Amount, bound, "at least"), value) == (value >= bound)
            && Holds(r => r.WhenEquals(Amount, bound, "equal"), value) == (value == bound)
            && Holds(r => r.WhenNotEquals(Amount, bound, "differs"), value) == (value != bound)));
    }

    [Fact]
    public void Integer_comparisons_agree_with_the_operators()
    {
        var numbers = Gen.Choose(-50, 50);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), Prop.ForAll(numbers.ToArbitrary(), numbers.ToArbitrary(), (value, bound) =>
        {
            bool Run(Func<Rule<Signals>, Rule<Signals>> when)
            {
                var rules = new RuleSetBuilder<Signals>("ints", "test").Input(Kind).Add(when(Rule.Define<Signals>("r")).Then(Stop, true)).Compile();
                var memory = new Signals { Kind = value };
                rules.Evaluate(ref memory);
                return memory.Stop;
            }

            return Run(r => r.WhenLessThan(Kind, bound, "under")) == (value < bound)
                && Run(r => r.WhenAtMost(Kind, bound, "at most")) == (value <= bound)
                && Run(r => r.WhenGreaterThan(Kind, bound, "over")) == (value > bound)
                && Run(r => r.WhenAtLeast(Kind, bound, "at least")) == (value >= bound);
        }));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("0.00", true)]
    [InlineData("-0.0", true)]
    [InlineData("0.01", false)]
    public void Decimal_equality_compares_values_not_scales(string amount, bool zero)
    {
        Assert.Equal(zero, Holds(r => r.WhenEquals(Amount, 0m, "zero"), decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(12.5, 12.5)]
    public void A_nullable_copy_asserts_the_value_it_holds(double? extra, double expected)
    {
        var rules = new RuleSetBuilder<Signals>("copy", "test").Input(Extra)
            .Add(Rule.Define<Signals>("copy").Then(Price, Extra))
            .Compile();
        var (fast, traced) = (new Signals { Extra = (decimal?)extra }, new Signals { Extra = (decimal?)extra });

        rules.Evaluate(ref fast);
        rules.Evaluate(ref traced, new RuleTrace());

        Assert.Equal((decimal)expected, fast.Price);
        Assert.Equal(fast.Price, traced.Price);
    }

    [Fact]
    public void Copies_into_a_minimum_and_union_of_flags_aggregate_every_contribution()
    {
        var rules = new RuleSetBuilder<Signals>("aggregates", "test").Input(Amount)
            .Add(Rule.Define<Signals>("cap/amount").WithPriority(3).Then(Cap, Amount).Then(Marks, Tests.Engine.Marks.Red))
            .Add(Rule.Define<Signals>("cap/ten").WithPriority(2).Then(Cap, 10m).Then(Marks, Tests.Engine.Marks.Blue))
            .Add(Rule.Define<Signals>("cap/twenty").WithPriority(1).Then(Cap, 20m).Then(Marks, Tests.Engine.Marks.Red))
            .Compile();

        foreach (var (amount, cap) in new[] { (4m, 4m), (15m, 10m), (25m, 10m) })
        {
            var (fast, traced) = (new Signals { Amount = amount, Cap = 99m, Marks = Tests.Engine.Marks.Green }, new Signals { Amount = amount, Cap = 99m, Marks = Tests.Engine.Marks.Green });
            rules.Evaluate(ref fast);
            rules.Evaluate(ref traced, new RuleTrace());

            // The first contribution replaces whatever the slot held before (99, Green).
            Assert.Equal((cap, Tests.Engine.Marks.Red | Tests.Engine.Marks.Blue), (fast.Cap, fast.Marks));
            Assert.Equal((fast.Cap, fast.Marks), (traced.Cap, traced.Marks));
        }
    }

    private static bool Holds(Func<Rule<Signals>, Rule<Signals>> when, decimal amount)
    {
        var rules = new RuleSetBuilder<Signals>("decimals", "test").Input(Amount).Add(when(Rule.Define<Signals>("r")).Then(Stop, true)).Compile();
        var (fast, traced) = (new Signals { Amount = amount }, new Signals { Amount = amount });
        rules.Evaluate(ref fast);
        rules.Evaluate(ref traced, new RuleTrace());
        Assert.Equal(fast.Stop, traced.Stop);
        return fast.Stop;
    }
}
