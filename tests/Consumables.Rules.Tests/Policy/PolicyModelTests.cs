using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Policy;

public class PolicyModelTests
{
    private static readonly AdministrativeDivision Shanxi = AdministrativeDivision.Parse("140000");

    private static PolicyVersion Version(string id, DateOnly from, DateOnly? to) =>
        new PolicyBuilder(id, Shanxi, from).WithEffectiveTo(to).Build();

    [Fact]
    public void A_county_belongs_to_its_city_and_province()
    {
        var lishi = AdministrativeDivision.Parse("141102");
        var luliang = AdministrativeDivision.Parse("141100");

        Assert.Equal(DivisionLevel.County, lishi.Level);
        Assert.Equal(luliang, lishi.City);
        Assert.Equal(Shanxi, lishi.Province);
        Assert.True(Shanxi.Contains(lishi) && luliang.Contains(lishi) && lishi.Contains(lishi));
        Assert.False(lishi.Contains(luliang));
        Assert.False(AdministrativeDivision.Parse("140100").Contains(lishi));
        Assert.False(AdministrativeDivision.TryParse("14110", out _));
        Assert.False(AdministrativeDivision.TryParse("14110x", out _));
    }

    [Fact]
    public void The_timeline_picks_the_version_in_force_at_every_boundary_day()
    {
        var first = Version("v1", new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30));
        var second = Version("v2", new DateOnly(2026, 7, 1), null);
        var timeline = PolicyTimeline.Create([second, first]);

        Assert.False(timeline.TryGetVersionFor(new DateOnly(2025, 12, 31), out _));
        Assert.Equal("v1", timeline.TryGetVersionFor(new DateOnly(2026, 1, 1), out var a) ? a.Id : null);
        Assert.Equal("v1", timeline.TryGetVersionFor(new DateOnly(2026, 6, 30), out var b) ? b.Id : null);
        Assert.Equal("v2", timeline.TryGetVersionFor(new DateOnly(2026, 7, 1), out var c) ? c.Id : null);
        Assert.Equal("v2", timeline.TryGetVersionFor(new DateOnly(2099, 1, 1), out var d) ? d.Id : null);
    }

    [Fact]
    public void A_gap_between_versions_has_no_policy()
    {
        var timeline = PolicyTimeline.Create([Version("v1", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)), Version("v2", new DateOnly(2026, 3, 1), null)]);

        Assert.False(timeline.TryGetVersionFor(new DateOnly(2026, 2, 15), out _));
    }

    [Fact]
    public void Overlapping_versions_are_an_error_naming_both()
    {
        var ex = Assert.Throws<PolicyLoadException>(() => PolicyTimeline.Create([Version("v1", new DateOnly(2026, 1, 1), null), Version("v2", new DateOnly(2026, 7, 1), null)]));

        Assert.Contains("v1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("v2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_diff_of_a_policy_with_itself_is_empty_and_a_change_shows_field_by_field()
    {
        var old = PolicyVersion.Default;
        var changed = PolicyBuilder.From(old);
        changed.ClearPreSelfPay();
        foreach (var row in old.PreSelfPay.Rows)
        {
            changed.AddPreSelfPay(row with { Ratio = row.Ratio + 0.05m });
        }

        var entries = old.Catalogue.Select(static e => e.Code == CatalogueCode.Parse("C03111608002007") ? e with { MaxPaymentLimit = 1100m } : e).ToList();
        var rebuilt = new PolicyBuilder("sx-2026-b2", old.Province, old.EffectiveFrom).WithTitle(old.Title);
        entries.Skip(1).ToList().ForEach(e => rebuilt.AddEntry(e));
        rebuilt.AddEntry(new CatalogueEntry { Code = CatalogueCode.Parse("C14010200100201"), Name = "新增", Category = PaymentCategory.B, ValueClass = ValueClass.Low });
        changed.Build().PreSelfPay.Rows.ToList().ForEach(r => rebuilt.AddPreSelfPay(r));
        var @new = rebuilt.Build();

        Assert.True(PolicyDiff.Compare(old, old).IsEmpty);
        var diff = PolicyDiff.Compare(old, @new);
        Assert.Equal(["C14010200100201"], diff.Added.Select(static e => e.Code.ToString()));
        Assert.Equal([old.Catalogue[0].Code], diff.Removed.Select(static e => e.Code));
        var change = Assert.Single(diff.Changed);
        Assert.Equal(new FieldChange("maxPaymentLimit", "1000.00", "1100"), Assert.Single(change.Fields));
        Assert.Equal(2, diff.RatiosAdded.Count);
        Assert.Equal(2, diff.RatiosRemoved.Count);

        var back = PolicyDiff.Compare(@new, old);
        Assert.Equal(back.ToString(), diff.Invert().ToString());
    }

    [Fact]
    public void Settlement_median_is_the_middle_unit_or_the_rounded_mean_of_the_two_middle_units()
    {
        var code = CatalogueCode.Parse("C03111608002007");
        var other = CatalogueCode.Parse("C01010100101001");
        var day = new DateOnly(2025, 5, 1);
        var n = 0;
        SettlementRecord R(CatalogueCode c, decimal p, DateOnly d) => new((++n).ToString(CultureInfo.InvariantCulture), null, c, 1m, p, d);

        var report = SettlementMedianCalculator.Compute(
            [R(code, 100m, day), R(code, 300m, day), R(code, 200m, day), R(code, 9999m, new DateOnly(2026, 1, 1)),
             R(other, 100.00m, day), R(other, 100.01m, day)],
            new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), minimumUnits: 0m);

        // code: 100, 200, 300 → 200 (the 2026 record is outside the period); other: (100.00 + 100.01) / 2 = 100.005 → 100.01 (half away from zero).
        Assert.Equal([(other, 100.01m), (code, 200m)], report.Medians.Select(static m => (m.Code, m.Median)));
        Assert.Equal(1, report.OutsidePeriod);
    }

    [Fact]
    public void Settlement_median_weighs_by_quantity_and_nets_refunds_against_their_sales()
    {
        var code = CatalogueCode.Parse("C03111608002007");
        var day = new DateOnly(2025, 5, 1);
        SettlementRecord[] records =
        [
            new("s1", null, code, 10m, 100m, day),   // ten units at 100
            new("s2", null, code, 4m, 300m, day),    // four at 300, three refunded: one left
            new("r2", "s2", code, -3m, 300m, day.AddDays(400)), // a refund dated after the period still nets its sale
            new("s3", null, code, 2m, 500m, day),    // refunded in full
            new("r3", "s3", code, -2m, 500m, day),
            new("r9", "missing", code, -1m, 100m, day),
            new("s4", null, code, 1m, 0m, day),
            new("s5", null, code, 0m, 50m, day),
        ];

        var report = SettlementMedianCalculator.Compute(records, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), minimumUnits: 12m);

        // 10 units at 100 and 1 at 300: 11 units, below 12; the 6th unit is at 100.
        Assert.Empty(report.Medians);
        Assert.Equal(new SettlementSample(code, 11m, 100m), Assert.Single(report.BelowMinimum));
        Assert.Equal((8L, 1L, 1L, 1L, 1L), (report.Lines, report.Invalid, report.NonPositivePrice, report.RefundsWithoutSale, report.FullyRefunded));
    }

    [Fact]
    public void Settlement_median_takes_the_mean_when_the_running_quantity_is_exactly_half()
    {
        var code = CatalogueCode.Parse("C03111608002007");
        var day = new DateOnly(2025, 5, 1);

        var report = SettlementMedianCalculator.Compute(
            [new("a", null, code, 1.5m, 10.001m, day), new("b", null, code, 0.5m, 10.002m, day), new("c", null, code, 2m, 20m, day)],
            day, day, minimumUnits: 0m);

        // W = 4; the running quantity reaches 2 = W/2 exactly at 10.002: (10.002 + 20) / 2 = 15.001 → 15.00.
        Assert.Equal(15.00m, Assert.Single(report.Medians).Median);
    }

    [Fact]
    public void Class_A_takes_zero_without_a_row_and_other_classes_never_guess()
    {
        var table = PolicyVersion.Default.PreSelfPay;
        var lishi = AdministrativeDivision.Parse("141102");

        Assert.Equal(new RatioLookup(RatioLookupStatus.Found, 0m, null), table.Find(InsuranceType.Resident, lishi, null, PaymentCategory.A, 10m));
        Assert.Equal(RatioLookupStatus.NoRow, table.Find(InsuranceType.Resident, lishi, Origin.Domestic, PaymentCategory.B, 10m).Status);
        Assert.Equal(RatioLookupStatus.OriginRequired, table.Find(InsuranceType.Employee, lishi, null, PaymentCategory.B, 10m).Status);
        Assert.Equal(0.15m, table.Find(InsuranceType.Employee, lishi, Origin.Imported, PaymentCategory.B, 10m).Ratio);
    }

    [Fact]
    public void The_most_specific_area_wins()
    {
        var policy = new PolicyBuilder("t", Shanxi, new DateOnly(2026, 1, 1))
            .AddPreSelfPay(new PreSelfPayRow(InsuranceType.Resident, Shanxi, null, PaymentCategory.B, 0.20m))
            .AddPreSelfPay(new PreSelfPayRow(InsuranceType.Resident, AdministrativeDivision.Parse("141100"), null, PaymentCategory.B, 0.10m))
            .AddPreSelfPay(new PreSelfPayRow(InsuranceType.Resident, AdministrativeDivision.Parse("141102"), null, PaymentCategory.B, 0.05m))
            .Build();

        decimal Ratio(string area) => policy.PreSelfPay.Find(InsuranceType.Resident, AdministrativeDivision.Parse(area), null, PaymentCategory.B, 1m).Ratio;

        Assert.Equal((0.05m, 0.10m, 0.20m), (Ratio("141102"), Ratio("141181"), Ratio("140105")));
    }

    [Fact]
    public void Generated_valid_policies_round_trip_through_json()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(PolicyGenerators.Policies.ToArbitrary(), policy =>
        {
            var json = policy.ToJson();
            var again = PolicyVersion.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).GetValueOrThrow();
            return again.ToJson() == json && PolicyDiff.Compare(policy, again).IsEmpty;
        }));
    }

    [Fact]
    public void The_diff_of_A_to_B_inverts_B_to_A()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(PolicyGenerators.Policies.Two().ToArbitrary(), pair =>
            PolicyDiff.Compare(pair.Item1, pair.Item2).Invert().ToString() == PolicyDiff.Compare(pair.Item2, pair.Item1).ToString()
            && PolicyDiff.Compare(pair.Item1, pair.Item1).IsEmpty));
    }
}
