using System.Text;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using Consumables.Rules.Tests.Pricing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Policy;

/// <summary>Catalogue entries keyed by generic name (医保通用名, 10 characters) and the naming rule.</summary>
public class GenericNameTests
{
    private static readonly AdministrativeDivision Shanxi = AdministrativeDivision.Parse("140000");
    private static readonly AdministrativeDivision Luliang = AdministrativeDivision.Parse("141100");
    private static readonly GenericNameClass BonePlates = GenericNameClass.Parse("C031116080");

    private static CatalogueEntry Generic(GenericNameClass name, PaymentCategory category = PaymentCategory.B, decimal? limit = 5000m) => new()
    {
        Code = CatalogueEntry.CodeOf(name),
        Level = CatalogueLevel.ClassPrefix,
        Name = "接骨板",
        Level3Name = "接骨板",
        Category = category,
        ValueClass = ValueClass.Low,
        MaxPaymentLimit = limit,
    };

    private static CatalogueEntry Specific(string code, PaymentCategory category = PaymentCategory.B, decimal? limit = 1000m) => new()
    {
        Code = CatalogueCode.Parse(code),
        Name = "接骨板（纯钛/肱骨）",
        Level3Name = "接骨板",
        Category = category,
        ValueClass = ValueClass.Low,
        MaxPaymentLimit = limit,
    };

    private static PolicyBuilder Builder(params CatalogueEntry[] entries)
    {
        var builder = new PolicyBuilder("generic", Shanxi, new DateOnly(2026, 1, 1)).WithAllowClassPrefixEntries(true)
            .AddPreSelfPay(new PreSelfPayRow(InsuranceType.Employee, Luliang, null, PaymentCategory.B, 0.10m));
        foreach (var entry in entries)
        {
            builder.AddEntry(entry);
        }

        return builder;
    }

    private static PricingResult Price(PolicyVersion policy, string code, decimal price, DateOnly? date = null) =>
        ConsumablePricer.Create(PolicyTimeline.Create([policy]), new ConsumablesRulesOptions { NotListed = NotListedTreatment.Error })
            .Price(ChargeLine.Create(code, 1m, price, date ?? new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100"));

    [Fact]
    public void A_code_with_only_a_generic_name_entry_is_priced_as_that_entry_not_as_not_listed()
    {
        var policy = Builder(Generic(BonePlates)).Build();

        // Class B, limit 5000: 6000 − 5000 = 1000 over the limit, 10% of 5000 = 500 pre-self-pay, 4500 in scope.
        var r = Price(policy, "C03111608002007064100000001", 6000m);

        Assert.True(r.IsPriced, string.Join("; ", r.Errors));
        Assert.Equal(PaymentCategory.B, r.Category);
        Assert.Equal(5000m, r.EffectiveLimit);
        Assert.Equal((1000m, 500m, 4500m), (r.OverLimit, r.PreSelfPay, r.InPolicyScope));
        Assert.Equal(CatalogueLevel.ClassPrefix, r.Entry!.Level);
        Assert.Null(r.GenericNameCode);
        Assert.Equal("接骨板", r.GenericName);
    }

    [Fact]
    public void A_fifteen_character_entry_under_the_generic_name_still_wins_for_its_own_codes()
    {
        var policy = Builder(Generic(BonePlates), Specific("C03111608002007", limit: 1000m)).Build();

        var own = Price(policy, "C03111608002007064100000001", 6000m);
        var sibling = Price(policy, "C03111608003001064100000001", 6000m);

        Assert.Equal((CatalogueLevel.CatalogueCode, 1000m), (own.Entry!.Level, own.EffectiveLimit));
        Assert.Null(own.GenericNameCode);
        Assert.Equal("接骨板（纯钛/肱骨）", own.GenericName);
        Assert.Equal((CatalogueLevel.ClassPrefix, 5000m), (sibling.Entry!.Level, sibling.EffectiveLimit));
    }

    [Fact]
    public void A_code_under_another_generic_name_is_not_listed()
    {
        var policy = Builder(Generic(BonePlates)).Build();

        var r = Price(policy, "C03111608102007064100000001", 100m);

        Assert.Equal(PricingErrorCode.NotListed, Assert.Single(r.Errors).Code);
        Assert.Null(r.Entry);
        Assert.Null(r.GenericNameCode);
    }

    [Fact]
    public void The_lookup_falls_back_to_the_generic_name_and_the_generic_lookup_does_not_look_below()
    {
        var generic = Generic(BonePlates);
        var specific = Specific("C03111608002007");
        var policy = Builder(generic, specific).Build();

        Assert.True(policy.TryGetEntry(CatalogueCode.Parse("C03111608002007"), out var own) && ReferenceEquals(own, specific));
        Assert.True(policy.TryGetEntry(CatalogueCode.Parse("C03111608099999"), out var fallback) && ReferenceEquals(fallback, generic));
        Assert.True(policy.TryGetEntry(BonePlates, out var byName) && ReferenceEquals(byName, generic));
        Assert.False(Builder(specific).Build().TryGetEntry(BonePlates, out _));
    }

    [Fact]
    public void Pricing_under_a_generic_name_entry_allocates_nothing()
    {
        var pricer = ConsumablePricer.Create(PolicyTimeline.Create([Builder(Generic(BonePlates), Specific("C03111608002007")).Build()]));
        var line = ChargeLine.Create("C03111608003001064100000001", 1m, 6000m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100");

        Assert.True(pricer.Price(line).IsPriced);
        Assert.Equal(0, PricingAllocations.Of(pricer, line));
    }

    [Fact]
    public void Two_entries_for_one_generic_name_are_a_problem_naming_the_first()
    {
        var result = Builder(Generic(BonePlates), Specific("C03111608002007"), Generic(BonePlates)).TryBuild();

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.catalogue[2].code", problem.Path);
        Assert.Contains("C031116080 is listed twice (first at $.catalogue[0])", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generic_name_entry_whose_code_names_a_material_is_a_problem()
    {
        var entry = Generic(BonePlates) with { Code = CatalogueCode.Parse("C03111608002007") };

        var problem = Assert.Single(Builder(entry).TryBuild().Problems);

        Assert.Equal("$.catalogue[0].code", problem.Path);
    }

    [Fact]
    public void A_generic_name_and_a_fifteen_character_code_ending_in_zeros_are_different_entries()
    {
        var policy = Builder(Generic(BonePlates), Specific("C03111608000000", limit: 800m)).Build();

        Assert.Equal(800m, Price(policy, "C03111608000000064100000001", 6000m).EffectiveLimit);
        Assert.Equal(5000m, Price(policy, "C03111608000001064100000001", 6000m).EffectiveLimit);
    }

    [Fact]
    public void Under_payment_by_generic_name_a_fifteen_character_entry_of_another_category_is_a_problem()
    {
        var entries = new[] { Generic(BonePlates, PaymentCategory.B), Specific("C03111608002007", PaymentCategory.C), Specific("C03111608003001", PaymentCategory.B) };

        var forbidden = Builder(entries).WithCategoryByGenericName(true).TryBuild();
        var allowed = Builder(entries).TryBuild();

        var problem = Assert.Single(forbidden.Problems);
        Assert.Equal("$.catalogue[1].category", problem.Path);
        Assert.Contains("C03111608002007 is class C, but its class prefix C031116080 ($.catalogue[0]) is class B", problem.Message, StringComparison.Ordinal);
        Assert.True(allowed.IsValid);
        Assert.Equal((PaymentCategory.C, 10m), (Price(allowed.Policy!, "C03111608002007064100000001", 10m).Category, Price(allowed.Policy!, "C03111608002007064100000001", 10m).FullySelfPaid));
    }

    [Fact]
    public void The_policy_file_keys_a_generic_name_entry_by_ten_characters_and_round_trips()
    {
        var policy = Builder(Generic(BonePlates), Specific("C03111608002007")).WithCategoryByGenericName(true).Build();

        var json = policy.ToJson();
        var loaded = PolicyVersion.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))).GetValueOrThrow();

        Assert.Contains("\"code\": \"C031116080\"", json, StringComparison.Ordinal);
        Assert.Contains("\"categoryByGenericName\": true", json, StringComparison.Ordinal);
        Assert.Equal(policy.Catalogue, loaded.Catalogue);
        Assert.True(loaded.CategoryByGenericName);
        Assert.Equal(json, loaded.ToJson());
    }

    [Fact]
    public void A_policy_without_generic_names_writes_no_new_field()
    {
        var json = PolicyVersion.Default.ToJson();

        Assert.DoesNotContain("categoryByGenericName", json, StringComparison.Ordinal);
        Assert.All(PolicyVersion.Default.Catalogue, static e => Assert.Equal(CatalogueLevel.CatalogueCode, e.Level));
    }

    [Theory]
    [InlineData("C03111608X", "$.catalogue[0].code", "not a 10-character class prefix")]
    [InlineData("C031116080020", "$.catalogue[0].code", "neither a 15-character catalogue code, a 6-digit generic-name number nor a 10-character class prefix")]
    public void A_bad_entry_code_names_both_lengths_it_could_have(string code, string path, string message)
    {
        var json = $$"""
            { "format": "consumables-policy/1", "id": "x", "province": "140000", "effectiveFrom": "2026-01-01", "itemCap": 50000,
              "catalogue": [ { "code": "{{code}}", "name": "接骨板", "category": "B", "valueClass": "low" } ] }
            """;

        var problem = Assert.Single(PolicyVersion.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))).Problems);

        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_tells_a_generic_name_entry_from_a_catalogue_code_entry()
    {
        var old = Builder(Generic(BonePlates), Specific("C03111608000000")).Build();
        var @new = Builder(Generic(BonePlates, limit: 6000m), Specific("C03111608000000"), Specific("C03111608002007")).Build();

        var diff = PolicyDiff.Compare(old, @new);

        var change = Assert.Single(diff.Changed);
        Assert.Equal(CatalogueLevel.ClassPrefix, change.Level);
        Assert.Equal(CatalogueCode.Parse("C03111608002007"), Assert.Single(diff.Added).Code);
        Assert.Contains("~ catalogue[C031116080].maxPaymentLimit: 5000 → 6000", diff.ToString(), StringComparison.Ordinal);
        Assert.Contains("+ catalogue[C03111608002007]: ", diff.ToString(), StringComparison.Ordinal);
        Assert.Equal(CatalogueLevel.ClassPrefix, Assert.Single(diff.Invert().Changed).Level);
    }

    [Fact]
    public void Diff_json_keys_a_generic_name_and_a_catalogue_code_apart_and_writes_the_level_as_a_string()
    {
        var old = Builder(Generic(BonePlates), Specific("C03111608000000")).Build();
        var @new = Builder(Generic(BonePlates, limit: 6000m), Specific("C03111608000000", limit: 2000m)).Build();
        using var stream = new MemoryStream();

        PolicyDiff.Compare(old, @new).WriteJson(stream);

        var changes = System.Text.Json.JsonDocument.Parse(stream.ToArray()).RootElement.GetProperty("changes").EnumerateArray()
            .Select(static c => (c.GetProperty("key").GetString(), c.GetProperty("level").GetString(), c.GetProperty("new").GetDecimal()))
            .OrderBy(static c => c.Item1, StringComparer.Ordinal)
            .ToList();
        Assert.Equal([("C031116080", "classPrefix", 6000m), ("C03111608000000", "catalogueCode", 2000m)], changes);
    }

    [Fact]
    public void The_timeline_prices_each_date_under_the_level_its_version_lists()
    {
        var v1 = Builder(Generic(BonePlates)).Build();
        var v2 = PolicyBuilder.From(v1).AddEntry(Specific("C03111608002007", limit: 1000m)).Build();
        var timeline = PolicyTimeline.Create([
            PolicyBuilder.From(v1).WithEffectiveTo(new DateOnly(2026, 6, 30)).Build(),
            new PolicyBuilder("generic-2", Shanxi, new DateOnly(2026, 7, 1)).WithAllowClassPrefixEntries(true).AddEntry(v2.Catalogue[0]).AddEntry(v2.Catalogue[1]).AddPreSelfPay(v2.PreSelfPay.Rows[0]).Build(),
        ]);
        var pricer = ConsumablePricer.Create(timeline);
        PricingResult On(DateOnly date) => pricer.Price(ChargeLine.Create("C03111608002007064100000001", 1m, 6000m, date, InsuranceType.Employee, "141100"));

        Assert.Equal((CatalogueLevel.ClassPrefix, 5000m), (On(new DateOnly(2026, 6, 30)).Entry!.Level, On(new DateOnly(2026, 6, 30)).EffectiveLimit));
        Assert.Equal((CatalogueLevel.CatalogueCode, 1000m), (On(new DateOnly(2026, 7, 1)).Entry!.Level, On(new DateOnly(2026, 7, 1)).EffectiveLimit));
    }

    [Fact]
    public void Compose_puts_the_level_3_name_first_and_the_parameters_after_it()
    {
        Assert.Equal("接骨板（纯钛/肱骨）", GenericName.Compose("接骨板", "纯钛", "肱骨"));
        Assert.Equal("接骨板（纯钛）", GenericName.Compose(" 接骨板 ", null, " 纯钛 ", "", "纯钛", "  "));
        Assert.Equal("一次性输液器", GenericName.Compose("一次性输液器"));
        Assert.Throws<ArgumentException>(() => GenericName.Compose(" "));
    }

    [Fact]
    public void A_name_that_does_not_begin_with_its_level_3_name_breaks_the_rule()
    {
        var entry = Specific("C03111608002007");

        Assert.True(GenericName.BeginsWithLevel3Name(entry));
        Assert.False(GenericName.BeginsWithLevel3Name(entry with { Name = "儿童骨板" }));
        Assert.True(GenericName.BeginsWithLevel3Name(entry with { Name = "儿童骨板", Level3Name = null }));
        Assert.True(GenericName.BeginsWithLevel3Name(entry with { Name = GenericName.Compose("接骨板", "可吸收") }));
    }

    [Fact]
    public void Property_the_more_specific_entry_always_wins_and_a_code_with_only_a_generic_entry_prices_as_that_entry()
    {
        // A generic name with an entry, sometimes a 15-character entry under it with other terms, and a line whose
        // material and feature are either that entry's or another. The line must be priced exactly as it would be under
        // a policy listing the applicable entry's terms at the line's own 15-character code.
        var gen =
            from name in CodeGenerators.CatalogueCodes.Select(static c => c.GenericNameClass)
            from generic in PolicyGenerators.Entries
            from specific in PolicyGenerators.Entries
            from hasSpecific in Gen.Elements(true, false)
            from specificFeature in Gen.Choose(0, 99_999)
            from lineFeature in Gen.OneOf(Gen.Constant(specificFeature), Gen.Choose(0, 99_999))
            from price in PricingGenerators.UnitPrices
            from quantity in PricingGenerators.Quantities
            select (name, generic, specific, hasSpecific, specificFeature, lineFeature, price, quantity);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (name, generic, specific, hasSpecific, specificFeature, lineFeature, price, quantity) = t;
            var genericEntry = generic with { Code = CatalogueEntry.CodeOf(name), Level = CatalogueLevel.ClassPrefix };
            var specificEntry = specific with { Code = CatalogueCode.Parse($"{name}{specificFeature:D5}") };
            var lineCode = CatalogueCode.Parse($"{name}{lineFeature:D5}");
            var policy = hasSpecific ? Builder(genericEntry, specificEntry).Build() : Builder(genericEntry).Build();
            var expected = hasSpecific && lineFeature == specificFeature ? specificEntry : genericEntry;
            var reference = Builder(expected with { Code = lineCode, Level = CatalogueLevel.CatalogueCode }).Build();
            var line = ChargeLine.Create($"{lineCode}000010000001", quantity, price, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100");

            var actual = ConsumablePricer.Create(PolicyTimeline.Create([policy])).Price(line);
            var byOwnCode = ConsumablePricer.Create(PolicyTimeline.Create([reference])).Price(line);

            return ReferenceEquals(actual.Entry, expected)
                && actual.Category == expected.Category
                && actual.GenericNameCode is null
                && (actual.Total, actual.FullySelfPaid, actual.OverLimit, actual.PreSelfPay, actual.InPolicyScope, actual.EffectiveLimit, actual.SelfPayRatio)
                    == (byOwnCode.Total, byOwnCode.FullySelfPaid, byOwnCode.OverLimit, byOwnCode.PreSelfPay, byOwnCode.InPolicyScope, byOwnCode.EffectiveLimit, byOwnCode.SelfPayRatio)
                && actual.Errors.Select(static e => e.Code).SequenceEqual(byOwnCode.Errors.Select(static e => e.Code));
        }));
    }
}
