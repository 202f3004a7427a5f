using System.Text;
using System.Text.Json;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Policy;

public class PolicyAuthoringTests
{
    private static PolicyVersion Load(string json) => PolicyVersion.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))).GetValueOrThrow();

    private static PolicyLoadResult TryLoad(string json) => PolicyVersion.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static readonly string DefaultJson = PolicyVersion.Default.ToJson();

    [Fact]
    public void Diff_names_a_winning_price_a_median_the_item_cap_and_a_disabled_flag_each_as_moving_money()
    {
        var changed = Load(DefaultJson
            .Replace("\"price\": 590.00", "\"price\": 600.00", StringComparison.Ordinal)
            .Replace("\"median\": 8000.00", "\"median\": 8100.00", StringComparison.Ordinal)
            .Replace("\"itemCap\": 50000.00", "\"itemCap\": 49000.00", StringComparison.Ordinal)
            .Replace("\"registration\": \"国械注准20193130001\"", "\"registration\": \"国械注准20193130001\", \"disabled\": true", StringComparison.Ordinal));

        var diff = PolicyDiff.Compare(PolicyVersion.Default, changed);

        Assert.Equal(
            ["itemCap", "products[C02010100200301100010000001].disabled", "procurement[SX-VBP-2025-G1].winners[C02010100200301100010000001].price", "settlementMedians[C01010100101001].median"],
            diff.Changes.Select(static c => c.Path));
        Assert.All(diff.Changes, static c => Assert.True(c.MovesMoney));
        Assert.Equal(("590.00", "600.00"), (diff.Changes[2].Old, diff.Changes[2].New));
        Assert.Contains("~ itemCap: 50000.00 → 49000.00", diff.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_of_decimal_scale_alone_is_no_change()
    {
        var rescaled = Load(DefaultJson
            .Replace("\"maxPaymentLimit\": 1000.00", "\"maxPaymentLimit\": 1000.0", StringComparison.Ordinal)
            .Replace("\"ratio\": 0.10", "\"ratio\": 0.1000", StringComparison.Ordinal)
            .Replace("\"itemCap\": 50000.00", "\"itemCap\": 50000", StringComparison.Ordinal));

        Assert.True(PolicyDiff.Compare(PolicyVersion.Default, rescaled).IsEmpty);
    }

    [Fact]
    public void Changes_that_move_money_come_before_names_and_titles()
    {
        var changed = Load(DefaultJson
            .Replace("\"name\": \"儿童骨板\"", "\"name\": \"儿童接骨板\"", StringComparison.Ordinal)
            .Replace("\"category\": \"C\"", "\"category\": \"B\"", StringComparison.Ordinal)
            .Replace("\"ratio\": 0.15", "\"ratio\": 0.20", StringComparison.Ordinal));

        var diff = PolicyDiff.Compare(PolicyVersion.Default, changed);

        Assert.Equal(
            [("catalogue[C05020300100201].category", true), ("preSelfPay[310 141100 imported B - -].ratio", true), ("catalogue[C03111608002007].name", false)],
            diff.Changes.Select(static c => (c.Path, c.MovesMoney)));
        var entry = Assert.Single(diff.Changed, static c => c.Code == CatalogueCode.Parse("C05020300100201"));
        Assert.Equal(new FieldChange("category", "C", "B"), Assert.Single(entry.Fields));
    }

    [Fact]
    public void Diff_compares_groups_codes_recoding_and_restrictions_as_sets_and_tables_by_key()
    {
        var old = PolicyVersion.Default;
        var builder = PolicyBuilder.From(old);
        var group = old.Procurement[0];
        builder.SetProcurementGroup(group with { CatalogueCodes = group.CatalogueCodes.Add(CatalogueCode.Parse("C01010100101001")) });
        builder.SetRecoding(old.Recoding[0].From, ConsumableCode.Parse("C14010200100101300010000011"));
        var entry = old.Catalogue.Single(static e => e.Restriction is not null);
        builder.SetEntry(entry with { Restriction = entry.Restriction! with { ServiceItems = ["331501002"] } });

        var diff = PolicyDiff.Compare(old, builder.Build());

        Assert.Equal(
            new[]
            {
                "+ catalogue[C12010100300101].restriction.serviceItems: 331501002",
                "- catalogue[C12010100300101].restriction.serviceItems: 331501001",
                "+ procurement[SX-VBP-2025-G1].catalogueCodes: C01010100101001",
                "~ recoding[C14010200100101300010000009].to: C14010200100101300010000010 → C14010200100101300010000011",
            }.Order(StringComparer.Ordinal),
            diff.Changes.Select(static c => c.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(diff.Invert().ToString(), PolicyDiff.Compare(builder.Build(), old).ToString());
    }

    [Fact]
    public void Diff_json_is_valid_for_any_two_policies_with_codes_and_areas_as_strings()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(PolicyGenerators.Policies.Two().ToArbitrary(), pair =>
        {
            var diff = PolicyDiff.Compare(pair.Item1, pair.Item2);
            using var stream = new MemoryStream();
            diff.WriteJson(stream);
            using var json = JsonDocument.Parse(stream.ToArray());
            var root = json.RootElement;
            var changes = root.GetProperty("changes").EnumerateArray().ToList();
            return root.GetProperty("equal").GetBoolean() == diff.IsEmpty
                && changes.Count == diff.Changes.Count
                && changes.All(static c => c.GetProperty("key").ValueKind is JsonValueKind.String or JsonValueKind.Null)
                && changes.All(static c => c.GetProperty("path").ValueKind == JsonValueKind.String)
                && changes.All(static c => Codes(c.GetProperty("old")).Concat(Codes(c.GetProperty("new"))).All(static v => v.ValueKind == JsonValueKind.String));
        }));
    }

    /// <summary>Every code or area value inside a change's old or new value.</summary>
    private static IEnumerable<JsonElement> Codes(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().SelectMany(static p => p.Name is "code" or "product" or "from" or "to" or "area" or "insutype" ? [p.Value] : Codes(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Codes),
        _ => [],
    };

    [Fact]
    public void A_policy_diffed_with_a_changed_copy_of_itself_shows_every_changed_winning_price()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(PolicyGenerators.Policies.ToArbitrary(), policy =>
        {
            var builder = PolicyBuilder.From(policy);
            foreach (var g in policy.Procurement)
            {
                builder.SetProcurementGroup(g with { Winners = [.. g.Winners.Select(static w => w with { Price = w.Price == 1m ? 2m : w.Price - 0.01m })] });
            }

            var diff = PolicyDiff.Compare(policy, builder.Build());
            return diff.Changes.Count(static c => c.Field?.EndsWith("].price", StringComparison.Ordinal) == true) == policy.Procurement.Sum(static g => g.Winners.Length)
                && diff.Changes.All(static c => c.MovesMoney);
        }));
    }

    [Fact]
    public void Loading_reports_shape_and_content_problems_together_in_path_order()
    {
        var json = DefaultJson
            .Replace("\"itemCap\": 50000.00,", "\"itemCap\": 50000.00, \"bogus\": \"x\",", StringComparison.Ordinal)
            .Replace("\"category\": \"C\"", "\"category\": \"D\"", StringComparison.Ordinal)
            .Replace("\"maxPaymentLimit\": 1000.00", "\"maxPaymentLimit\": -1", StringComparison.Ordinal)
            .ReplaceFirst("\"code\": \"C07010100100101\"", "\"code\": \"C0701\"")
            .Replace("\"ratio\": 0.15", "\"ratio\": 1.5", StringComparison.Ordinal)
            .Replace("\"median\": 8000.00", "\"median\": 0", StringComparison.Ordinal)
            .Replace("\"price\": 720.00", "\"price\": \"720\"", StringComparison.Ordinal)
            .ReplaceFirst("\"area\": \"141100\"", "\"area\": \"110100\"");

        var result = TryLoad(json);

        Assert.False(result.IsValid);
        Assert.Equal(
            ["$.bogus", "$.catalogue[2].maxPaymentLimit", "$.catalogue[3].code", "$.catalogue[6].category", "$.preSelfPay[0].area", "$.preSelfPay[1].ratio", "$.procurement[0].winners[1].price", "$.settlementMedians[0].median"],
            result.Problems.Select(static p => p.Path));
    }

    [Fact]
    public void Coverage_warns_where_a_valid_policy_cannot_price_what_it_lists()
    {
        var old = PolicyVersion.Default;
        var builder = PolicyBuilder.From(old);
        var group = old.Procurement[0];
        builder.SetProcurementGroup(group with { CatalogueCodes = group.CatalogueCodes.Add(CatalogueCode.Parse("C09010100100101")) });
        builder.MarkDisabled(group.Winners[1].Product);
        builder.AddSettlementMedian(new SettlementMedian(CatalogueCode.Parse("C09010100100102"), 10m, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)));

        var warnings = builder.Build().CheckCoverage();

        Assert.Equal(
            ["$.preSelfPay", "$.procurement[0].catalogueCodes[1]", "$.procurement[0].winners[1].product", "$.settlementMedians[2].code"],
            warnings.Select(static w => w.Path));
        Assert.Contains("insutype 390", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("C09010100100101", warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_policy_warns_only_that_residents_have_no_class_B_ratio()
    {
        var warning = Assert.Single(PolicyVersion.Default.CheckCoverage());

        Assert.Equal("$.preSelfPay", warning.Path);
    }

    [Fact]
    public void Set_replaces_by_key_and_adds_new_keys()
    {
        var old = PolicyVersion.Default;
        var row = old.PreSelfPay.Rows[0];
        var entry = old.Catalogue[0];
        var policy = PolicyBuilder.From(old)
            .SetPreSelfPay(row with { Ratio = 0.12m })
            .SetEntry(entry with { MaxPaymentLimit = 9000m })
            .SetEntry(entry with { Code = CatalogueCode.Parse("C01010100101099") })
            .Build();

        Assert.Equal(old.PreSelfPay.Rows.Count, policy.PreSelfPay.Rows.Count);
        Assert.Equal(0.12m, policy.PreSelfPay.Rows[0].Ratio);
        Assert.Equal(9000m, policy.Catalogue[0].MaxPaymentLimit);
        Assert.Equal(old.Catalogue.Count + 1, policy.Catalogue.Count);
    }
}

internal static class TextExtensions
{
    internal static string ReplaceFirst(this string text, string old, string @new)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), @new, text.AsSpan(at + old.Length));
    }
}
