using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Tests.Reconciliation;

/// <summary>Each cause on a hand-made line under the default policy (Lüliang 141100, employees).</summary>
public class ReconciliationTests
{
    private static readonly ConsumablePricer Pricer = ConsumablePricer.CreateDefault();
    private static readonly Rules.Reconciliation Reconciler = new(Pricer);

    private static ChargeLine Line(string code, decimal quantity, decimal price, Origin? origin = null) =>
        ChargeLine.Create(code, quantity, price, new DateOnly(2026, 3, 3), InsuranceType.Employee, "141100", origin, serialNumber: "t");

    /// <summary>The platform's answer as the rules would give it.</summary>
    internal static ReturnedSplit Returned(in PricingResult r) => new()
    {
        Total = r.Total,
        EffectiveLimit = r.EffectiveLimit,
        SelfPayRatio = r.SelfPayRatio,
        FullySelfPaid = r.FullySelfPaid,
        OverLimit = r.OverLimit,
        PreSelfPay = r.PreSelfPay,
        InPolicyScope = r.InPolicyScope,
        ChargeItemLevel = r.ChargeItemLevel,
        IsRestricted = r.IsRestricted,
    };

    private static FieldComparison Field(LineReconciliation r, string name) => r.Fields.Single(f => f.Field == name);

    [Fact]
    public void A_line_the_platform_split_as_the_rules_do_agrees_without_a_trace()
    {
        var line = Line("C03111608002007064100000001", 1, 1200.00m);

        var result = Reconciler.Reconcile(line, Returned(Pricer.Price(line)));

        Assert.Equal(ReconciliationStatus.Agrees, result.Status);
        Assert.Equal(ReturnedSplit.FieldNamesRead, result.Fields.Select(static f => f.Field));
        Assert.All(result.Fields, static f => Assert.True(f.Agrees));
        Assert.Null(result.Trace);
    }

    [Fact]
    public void Another_ratio_is_ratio_and_names_the_row_the_rules_used()
    {
        var line = Line("C03111608002007064100000001", 1, 1200.00m);
        var returned = Returned(Pricer.Price(line)) with { SelfPayRatio = 0.15m, PreSelfPay = 150.00m, InPolicyScope = 850.00m };

        var result = Reconciler.Reconcile(line, returned);

        Assert.Equal(ReconciliationStatus.Differs, result.Status);
        Assert.Equal([FieldNames.SelfPayRatio, FieldNames.PreSelfPay, FieldNames.InPolicyScope], result.Differences.Select(static f => f.Field));
        Assert.All(result.Differences, static f => Assert.Equal(DifferenceCause.Ratio, f.Cause));
        var preSelfPay = Field(result, FieldNames.PreSelfPay);
        Assert.Equal(("100.00", "150.00", 50.00m), (preSelfPay.Ours, preSelfPay.Platform, preSelfPay.Difference));
        Assert.Contains("insutype 310, area 141100, domestic, class B", preSelfPay.Explanation, StringComparison.Ordinal);
        Assert.NotNull(result.Trace);
        Assert.Contains(result.Trace!.Entries, static e => e.Rule == "pre-self-pay/ratio" && e.Fired);
    }

    [Fact]
    public void Another_limit_is_limit_and_names_the_rule_that_set_the_rules_limit()
    {
        var line = Line("C01010100101001047440000001", 1, 9000.00m);
        var returned = Returned(Pricer.Price(line)) with { EffectiveLimit = 7800m, OverLimit = 1200.00m, PreSelfPay = 1170.00m, InPolicyScope = 6630.00m };

        var result = Reconciler.Reconcile(line, returned);

        Assert.Equal([FieldNames.EffectiveLimit, FieldNames.OverLimit, FieldNames.PreSelfPay, FieldNames.InPolicyScope], result.Differences.Select(static f => f.Field));
        Assert.All(result.Differences, static f => Assert.Equal(DifferenceCause.Limit, f.Cause));
        Assert.Contains("limit 8000.000000, set by the price-basis rule price-basis/settlement-median", Field(result, FieldNames.OverLimit).Explanation, StringComparison.Ordinal);
        Assert.Equal(("8000.000000", "7800.000000"), (Field(result, FieldNames.EffectiveLimit).Ours, Field(result, FieldNames.EffectiveLimit).Platform));
    }

    [Fact]
    public void A_fen_of_half_even_rounding_is_rounding()
    {
        // 3 × 5.55 = 16.65; (16.65 − 0) × 0.10 = 1.665: half away from zero 1.67, half-even 1.66.
        var line = Line("C14010200100101300010000010", 3, 5.55m);
        var returned = Returned(Pricer.Price(line)) with { PreSelfPay = 1.66m, InPolicyScope = 14.99m };

        var result = Reconciler.Reconcile(line, returned);

        Assert.Equal([FieldNames.PreSelfPay, FieldNames.InPolicyScope], result.Differences.Select(static f => f.Field));
        Assert.All(result.Differences, static f => Assert.Equal(DifferenceCause.Rounding, f.Cause));
        Assert.Contains("half-even", Field(result, FieldNames.PreSelfPay).Explanation, StringComparison.Ordinal);
        Assert.Contains("× 0.1000 = 1.665000 before rounding", Field(result, FieldNames.PreSelfPay).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fen_of_another_rounding_order_is_rounding_and_names_the_order()
    {
        // Winner at 590, cnt 1.0003, pric 600.004: (600.004 − 590) × 1.0003 = 10.007… → 10.01, but
        // round(600.004 × 1.0003) − round(590 × 1.0003) = 600.18 − 590.18 = 10.00; half-even alone still gives 10.01.
        var line = Line("C02010100200301100010000001", 1.0003m, 600.004m);
        var ours = Pricer.Price(line);
        Assert.Equal(10.01m, ours.OverLimit);
        var returned = Returned(ours) with { OverLimit = 10.00m, InPolicyScope = ours.InPolicyScope + 0.01m };

        var result = Reconciler.Reconcile(line, returned);

        Assert.Equal(DifferenceCause.Rounding, Field(result, FieldNames.OverLimit).Cause);
        Assert.Contains("over-limit as round(pric × cnt) − round(allowed × cnt)", Field(result, FieldNames.OverLimit).Explanation, StringComparison.Ordinal);
        Assert.Equal(DifferenceCause.Rounding, Field(result, FieldNames.InPolicyScope).Cause);
    }

    [Fact]
    public void A_fen_no_rounding_reproduces_is_unexplained()
    {
        var line = Line("C14010200100101300010000010", 10, 5.50m);
        var returned = Returned(Pricer.Price(line)) with { PreSelfPay = 5.51m, InPolicyScope = 49.49m };

        var result = Reconciler.Reconcile(line, returned);

        Assert.All(result.Differences, static f => Assert.Equal(DifferenceCause.Unexplained, f.Cause));
        Assert.Contains("payable by rule payable", Field(result, FieldNames.PreSelfPay).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_total_is_total_and_carries_to_the_parts()
    {
        var line = Line("C14010200100101300010000010", 4, 5.50m);
        var returned = Returned(Pricer.Price(line)) with { Total = 27.50m, PreSelfPay = 2.75m, InPolicyScope = 24.75m };

        var result = Reconciler.Reconcile(line, returned);

        Assert.Equal([FieldNames.Total, FieldNames.PreSelfPay, FieldNames.InPolicyScope], result.Differences.Select(static f => f.Field));
        Assert.All(result.Differences, static f => Assert.Equal(DifferenceCause.Total, f.Cause));
        Assert.Contains("4 × 5.50 = 22.00", Field(result, FieldNames.Total).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_total_a_fen_off_by_half_even_rounding_is_rounding()
    {
        // 0.5 × 11.11 = 5.555: half away from zero 5.56, half-even 5.56 — so use 0.5 × 11.13 = 5.565: 5.57 against 5.56.
        var line = Line("C14010200100101300010000010", 0.5m, 11.13m);
        var ours = Pricer.Price(line);
        Assert.Equal(5.57m, ours.Total);
        var returned = new ReturnedSplit { Total = 5.56m };

        var result = Reconciler.Reconcile(line, returned);

        Assert.Equal(DifferenceCause.Rounding, Field(result, FieldNames.Total).Cause);
    }

    [Fact]
    public void Another_level_is_category_for_every_field_it_changes()
    {
        var line = Line("C02010100200301300030000001", 1, 1000.00m);
        var returned = new ReturnedSplit
        {
            Total = 1000m, EffectiveLimit = 0m, SelfPayRatio = 1m, FullySelfPaid = 1000m, OverLimit = 0m, PreSelfPay = 0m, InPolicyScope = 0m,
            ChargeItemLevel = "03", IsRestricted = false,
        };

        var result = Reconciler.Reconcile(line, returned);

        Assert.Equal(7, result.Differences.Count());
        Assert.All(result.Differences, static f => Assert.Equal(DifferenceCause.Category, f.Cause));
        Assert.Contains("class B (02)", Field(result, FieldNames.ChargeItemLevel).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_the_policy_does_not_list_is_unknown()
    {
        var line = Line("C99010100100101800080000001", 1, 120.00m, Origin.Domestic);
        var returned = new ReturnedSplit { Total = 120m, FullySelfPaid = 0m, PreSelfPay = 12m, InPolicyScope = 108m, ChargeItemLevel = "02" };

        var result = Reconciler.Reconcile(line, returned);

        Assert.Equal(ReconciliationStatus.Differs, result.Status);
        Assert.All(result.Differences, static f => Assert.Equal(DifferenceCause.Unknown, f.Cause));
        Assert.Contains("not in the catalogue", result.Differences.First().Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_before_every_policy_is_unknown()
    {
        var line = Line("C14010200100101300010000010", 1, 5.50m) with { ServiceDate = new DateOnly(2025, 12, 31) };

        var result = Reconciler.Reconcile(line, new ReturnedSplit { Total = 5.50m });

        Assert.Equal(DifferenceCause.Unknown, Field(result, FieldNames.Total).Cause);
        Assert.Equal(string.Empty, Field(result, FieldNames.Total).Ours);
        Assert.Contains("no-policy", Field(result, FieldNames.Total).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_the_rules_reject_for_another_reason_is_an_error_with_the_rules_errors()
    {
        // C01010100101001999990000001 is not registered and the Lüliang rows differ by origin: unknown-origin.
        var line = Line("C01010100101001999990000001", 1, 7000.00m);

        var result = Reconciler.Reconcile(line, new ReturnedSplit { Total = 7000m });

        Assert.Equal(ReconciliationStatus.Error, result.Status);
        Assert.Equal("unknown-origin", Assert.Single(result.Errors).CodeName);
    }

    [Fact]
    public void A_restriction_flag_the_rules_do_not_have_is_unexplained_and_says_so()
    {
        var line = Line("C14010200100101300010000010", 1, 5.50m);

        var result = Reconciler.Reconcile(line, Returned(Pricer.Price(line)) with { IsRestricted = true });

        var flag = Assert.Single(result.Differences);
        Assert.Equal((FieldNames.RestrictedFlag, DifferenceCause.Unexplained), (flag.Field, flag.Cause));
        Assert.Contains("no restricted-use condition", flag.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_returned_is_an_error()
    {
        var result = Reconciler.Reconcile(Line("C14010200100101300010000010", 1, 5.50m), new ReturnedSplit());

        Assert.Equal(ReconciliationStatus.Error, result.Status);
        Assert.Contains("none of the platform's returned fields", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_returned_fields_are_typed_errors_naming_field_and_value()
    {
        var raw = new RawChargeLine
        {
            Code = "C14010200100101300010000010", Quantity = "1", UnitPrice = "5.50", ServiceTime = "2026-03-03", InsuranceType = "310", PoolingArea = "141100",
        };
        KeyValuePair<string, string?>[] fields =
        [
            new(FieldNames.Total, "5.5"), new(FieldNames.PreSelfPay, "0.555"), new(FieldNames.SelfPayRatio, "1.5"),
            new(FieldNames.ChargeItemLevel, "2"), new(FieldNames.RestrictedFlag, "yes"), new(FieldNames.InPolicyScope, "abc"),
        ];

        var result = Reconciler.Reconcile(raw, fields);

        Assert.Equal(ReconciliationStatus.Error, result.Status);
        Assert.Equal(
            new HashSet<string> { FieldNames.SelfPayRatio, FieldNames.ChargeItemLevel, FieldNames.RestrictedFlag, FieldNames.PreSelfPay, FieldNames.InPolicyScope },
            result.Errors.Select(static e => e.Field).ToHashSet());
        Assert.Contains(result.Errors, static e => e.Message.Contains("'0.555'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, static e => e.Message.Contains("'yes'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_raw_line_and_its_returned_fields_reconcile_like_the_typed_line()
    {
        var raw = new RawChargeLine
        {
            SerialNumber = "7", Code = "C03111608002007064100000001", Quantity = "1", UnitPrice = "1200.00", ServiceTime = "2026-03-03 10:05:00",
            InsuranceType = "310", PoolingArea = "141100",
        };
        KeyValuePair<string, string?>[] fields = [new(FieldNames.PreSelfPay, "150.00"), new(FieldNames.SelfPayRatio, "0.1500"), new(FieldNames.Origin, "ignored")];

        var result = Reconciler.Reconcile(raw, fields);

        Assert.Equal([FieldNames.SelfPayRatio, FieldNames.PreSelfPay], result.Fields.Select(static f => f.Field));
        Assert.All(result.Differences, static f => Assert.Equal(DifferenceCause.Ratio, f.Cause));
    }
}
