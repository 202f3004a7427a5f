using Consumables.Rules.Engine;
using FsCheck;
using FsCheck.Fluent;
using static Consumables.Rules.Tests.Engine.Shipping;

namespace Consumables.Rules.Tests.Engine;

public class EnginePropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(1_000);

    private static readonly Gen<Parcel> Parcels =
        from weight in Gen.Choose(-500, 4000)
        from zone in Gen.Choose(0, 12)
        from express in ArbMap.Default.GeneratorFor<bool>()
        select new Parcel { Weight = weight / 100m, Zone = zone, Express = express };

    private static (bool, string?, decimal, decimal) Run(CompiledRuleSet<Parcel> rules, Parcel parcel)
    {
        rules.Evaluate(ref parcel);
        return (parcel.Rejected, parcel.Band, parcel.Fee, parcel.Cap);
    }

    [Fact]
    public void The_engine_agrees_with_the_hand_written_function()
    {
        var rules = Compile(Standard);
        Check.One(Runs, Prop.ForAll(Parcels.ToArbitrary(), p => Run(rules, p) == ByHand(p)));
    }

    [Fact]
    public void Same_facts_give_the_same_result_and_trace()
    {
        var rules = Compile(Standard);
        Check.One(Runs, Prop.ForAll(Parcels.ToArbitrary(), p =>
        {
            var (a, b) = (p, p);
            var (ta, tb) = (new RuleTrace(), new RuleTrace());
            rules.Evaluate(ref a, ta);
            rules.Evaluate(ref b, tb);
            return a.Equals(b) && ta.SequenceEqual(tb, TraceEntryComparer.Instance);
        }));
    }

    [Fact]
    public void Declaration_order_does_not_change_the_result()
    {
        var orders = Gen.Shuffle(Standard).Select(static s => s.ToArray());
        var reference = Compile(Standard);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(orders.ToArbitrary(), Parcels.ToArbitrary(), (order, p) =>
            Run(Compile(order), p) == Run(reference, p)));
    }

    [Fact]
    public void A_higher_priority_rule_always_wins_a_single_fact()
    {
        var priorities = Gen.Choose(-1000, 1000).Two().Where(static t => t.Item1 != t.Item2);
        Check.One(Runs, Prop.ForAll(priorities.ToArbitrary(), Parcels.ToArbitrary(), (pair, p) =>
        {
            var first = Rule.Define<Parcel>("first").WithPriority(pair.Item1).When(Weight, static _ => true, "always").Then(Fee, 1m);
            var second = Rule.Define<Parcel>("second").WithPriority(pair.Item2).When(Weight, static _ => true, "always").Then(Fee, 2m);
            var rules = Compile(first, second);
            rules.Evaluate(ref p);
            return p.Fee == (pair.Item1 > pair.Item2 ? 1m : 2m);
        }));
    }

    [Fact]
    public void Disabling_a_rule_equals_removing_it()
    {
        var names = Gen.Elements(Standard.Select(static r => r.Name).Where(static n => n != "band/light" && n != "band/heavy").ToArray());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(names.ToArbitrary(), Parcels.ToArbitrary(), (name, p) =>
        {
            var builder = Builder();
            foreach (var rule in Standard)
            {
                builder.Add(rule);
            }

            var disabled = builder.Disable(name).Compile();
            var removed = Compile([.. Standard.Where(r => r.Name != name)]);
            return Run(disabled, p) == Run(removed, p);
        }));
    }

    private sealed class TraceEntryComparer : IEqualityComparer<RuleTraceEntry>
    {
        public static readonly TraceEntryComparer Instance = new();

        public bool Equals(RuleTraceEntry? x, RuleTraceEntry? y) =>
            x!.Rule == y!.Rule && x.Fired == y.Fired && x.Because == y.Because && x.Asserted.SequenceEqual(y.Asserted);

        public int GetHashCode(RuleTraceEntry obj) => obj.Rule.GetHashCode(StringComparison.Ordinal);
    }
}
