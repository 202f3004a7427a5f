using Consumables.Rules.Engine;
using static Consumables.Rules.Tests.Engine.Shipping;

namespace Consumables.Rules.Tests.Engine;

public class RuleCompilationTests
{
    private static RuleCompilationException Fails(RuleSetBuilder<Parcel> builder) =>
        Assert.Throws<RuleCompilationException>(() => builder.Compile());

    private static Rule<Parcel> Light(string name = "light") =>
        Rule.Define<Parcel>(name).When(Weight, static w => w < 10m, "light").Then(Band, "light");

    [Fact]
    public void Standard_rules_compile_in_dependency_then_priority_order()
    {
        var rules = Compile(Standard);

        var names = rules.Rules.Select(static r => r.Name).ToList();
        Assert.Equal("reject/overweight", names[0]);
        Assert.True(names.IndexOf("band/light") < names.IndexOf("fee/heavy"), "a rule reading band runs after every rule asserting it");
        Assert.True(names.IndexOf("band/heavy") < names.IndexOf("band/light"), "higher priority first among competitors");
    }

    [Fact]
    public void Duplicate_names_are_an_error_naming_the_rule()
    {
        var ex = Fails(Builder().Add(Light("same")).Add(Light("same").WithPriority(3)));

        var error = Assert.Single(ex.Errors, static e => e.Code == RuleCompilationErrorCode.DuplicateName);
        Assert.Equal(["same"], error.RuleNames);
    }

    [Fact]
    public void An_empty_name_is_an_error()
    {
        var ex = Fails(Builder().Add(Light(string.Empty)));

        Assert.Contains(ex.Errors, static e => e.Code == RuleCompilationErrorCode.EmptyName);
    }

    [Fact]
    public void Reading_a_fact_nothing_provides_is_an_error()
    {
        var rule = Rule.Define<Parcel>("fee/needs-band").WhenEquals(Band, "heavy", "heavy").Then(Fee, 1m);

        var ex = Fails(Builder().Add(rule));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(RuleCompilationErrorCode.UnprovidedFact, error.Code);
        Assert.Contains("band", error.Message, StringComparison.Ordinal);
        Assert.Equal(["fee/needs-band"], error.RuleNames);
    }

    [Fact]
    public void Reading_an_undeclared_input_is_an_error()
    {
        var rule = Rule.Define<Parcel>("uses-zone").When(Zone, static z => z > 0, "zone").Then(Fee, 1m);

        var ex = Fails(new RuleSetBuilder<Parcel>("s").Input(Weight).Add(rule));

        Assert.Contains(ex.Errors, static e => e.Code == RuleCompilationErrorCode.UnprovidedFact && e.Message.Contains("Input()", StringComparison.Ordinal));
    }

    [Fact]
    public void Asserting_an_input_is_an_error()
    {
        var rule = Rule.Define<Parcel>("sets-weight").When(Zone, static z => z > 0, "zone").Then(Weight, 1m);

        var ex = Fails(Builder().Add(rule));

        Assert.Contains(ex.Errors, static e => e.Code == RuleCompilationErrorCode.InvalidFactKind);
    }

    [Fact]
    public void A_cycle_is_an_error_listing_its_rules()
    {
        var a = Rule.Define<Parcel>("a").WhenEquals(Band, "x", "band is x").Then(Fee, 1m);
        var b = Rule.Define<Parcel>("b").When(Fee, static f => f > 0m, "fee set").Then(Band, "x");

        var ex = Fails(Builder().Add(a).Add(b));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(RuleCompilationErrorCode.Cycle, error.Code);
        Assert.Equal(["a", "b"], error.RuleNames.Order());
    }

    [Fact]
    public void A_rule_reading_the_aggregate_it_contributes_to_is_a_cycle()
    {
        var rule = Rule.Define<Parcel>("self").When(Cap, static c => c > 0m, "cap set").Then(Cap, 1m);

        var ex = Fails(Builder().Add(rule));

        Assert.Equal(RuleCompilationErrorCode.Cycle, Assert.Single(ex.Errors).Code);
    }

    [Fact]
    public void Equal_priority_rules_asserting_different_values_violate_the_unique_hit_policy()
    {
        var heavy = Rule.Define<Parcel>("heavy").When(Weight, static w => w > 5m, "over 5").Then(Band, "heavy");
        var light = Rule.Define<Parcel>("light").When(Weight, static w => w < 8m, "under 8").Then(Band, "light");

        var ex = Fails(Builder().Add(heavy).Add(light));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(RuleCompilationErrorCode.UniqueViolation, error.Code);
        Assert.Equal(["heavy", "light"], error.RuleNames);
    }

    [Fact]
    public void Equal_priority_rules_asserting_the_same_constant_are_allowed()
    {
        var a = Rule.Define<Parcel>("a").When(Weight, static w => w > 5m, "over 5").Then(Band, "heavy");
        var b = Rule.Define<Parcel>("b").When(Express, static e => e, "express").Then(Band, "heavy");

        var rules = Compile(a, b);

        Assert.Equal(2, rules.Rules.Count);
    }

    [Fact]
    public void Equal_priority_rules_keyed_on_different_values_are_exclusive_and_allowed()
    {
        var a = Rule.Define<Parcel>("zone-1").WhenKey(Zone, 1).Then(Fee, Weight, static w => w);
        var b = Rule.Define<Parcel>("zone-2").WhenKey(Zone, 2).Then(Fee, Weight, static w => w * 2m);

        var rules = Compile(a, b);

        Assert.Equal(2, rules.Rules.Count);
    }

    [Fact]
    public void Replacing_or_disabling_an_unknown_rule_is_an_error()
    {
        var ex = Fails(Builder().Add(Light()).Replace("nope", Light("other")).Disable("missing"));

        Assert.Equal(2, ex.Errors.Count(static e => e.Code == RuleCompilationErrorCode.UnknownRule));
    }

    [Fact]
    public void A_rule_without_actions_is_an_error()
    {
        var ex = Fails(Builder().Add(Rule.Define<Parcel>("idle").When(Weight, static w => w > 0m, "any")));

        Assert.Contains(ex.Errors, static e => e.Code == RuleCompilationErrorCode.NoAction);
    }

    [Fact]
    public void Declaring_a_derived_fact_as_input_is_an_error()
    {
        var ex = Fails(Builder().Input(Band).Add(Light()));

        Assert.Contains(ex.Errors, static e => e.Code == RuleCompilationErrorCode.InvalidFactKind);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var ex = Fails(Builder()
            .Add(Light("dup")).Add(Light("dup").WithPriority(1))
            .Add(Rule.Define<Parcel>("needs-band").WhenEquals(Band, "x", "x").Then(Fee, 1m))
            .Add(Rule.Define<Parcel>("idle").When(Weight, static w => w > 0m, "any"))
            .Disable("ghost"));

        Assert.Equal(
            [RuleCompilationErrorCode.DuplicateName, RuleCompilationErrorCode.UnknownRule, RuleCompilationErrorCode.NoAction],
            ex.Errors.Select(static e => e.Code).Distinct().Order());
        Assert.Contains("dup", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compiling_a_thousand_keyed_rules_collapses_them_into_one_step()
    {
        var builder = Builder();
        for (var zone = 0; zone < 1000; zone++)
        {
            var z = zone;
            builder.Add(Rule.Define<Parcel>($"zone-{z}").WithPriority(1).WhenKey(Zone, z).Then(Fee, (decimal)z));
        }

        var rules = builder.Compile();

        Assert.Equal(1000, rules.Rules.Count);
        var parcel = new Parcel { Zone = 417 };
        var outcome = rules.Evaluate(ref parcel);
        Assert.Equal(417m, parcel.Fee);
        Assert.Equal(1, outcome.FiredCount);
    }
}
