using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Testing;

/// <summary>FsCheck generators of charge lines valid under a given policy: listed and not-listed codes, procurement winners and non-winners, refunds, edge prices.</summary>
/// <remarks>Money is whole fen divided by 100 (quantities whole ten-thousandths): never floating point.</remarks>
public static class PricingGenerators
{
    /// <summary>Generates an amount in yuan: whole fen from <paramref name="minFen"/> to <paramref name="maxFen"/>, divided by 100.</summary>
    /// <param name="minFen">The smallest amount in fen.</param>
    /// <param name="maxFen">The largest amount in fen.</param>
    /// <returns>The generator.</returns>
    public static Gen<decimal> Yuan(int minFen, int maxFen) => Gen.Choose(minFen, maxFen).Select(static f => f / 100m);

    /// <summary>Generates unit prices: mostly ordinary, sometimes at the edges (0, 0.01, around limits, above the item cap).</summary>
    public static Gen<decimal> UnitPrices { get; } = Gen.Frequency(
        (6, Yuan(1, 500_000)),
        (2, Yuan(500_000, 8_000_000)),
        (1, Gen.Elements(0m, 0.01m, 999.99m, 1000m, 1000.01m, 49_999.99m, 50_000m, 50_000.01m, 62_000m, 99_999.99m)));

    /// <summary>Generates quantities up to 100: mostly whole units or hundredths, some in whole ten-thousandths (the platform's precision), never zero; about one in five is a refund (negative).</summary>
    public static Gen<decimal> Quantities { get; } =
        from units in Gen.Frequency((5, Gen.Choose(1, 10).Select(static n => n * 10_000)), (2, Gen.Choose(1, 10_000).Select(static n => n * 100)), (1, Gen.Choose(1, 1_000_000)))
        from refund in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select (refund ? -units : units) / 10_000m;

    /// <summary>
    /// Generates lines under <paramref name="policy"/> of which about one in four cannot be priced (an unsupported insurance
    /// type, a zero quantity, a negative price, an area outside the province, a date before the policy, a resident line
    /// with no ratio row), so every rejection rule fires too.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The generator.</returns>
    public static Gen<ChargeLine> RoughLinesFor(PolicyVersion policy) =>
        from line in LinesFor(policy)
        from spoil in Gen.Choose(0, 23)
        select spoil switch
        {
            0 => line with { InsuranceType = (InsuranceType)320 },
            1 => line with { Quantity = 0m },
            2 => line with { UnitPrice = -line.UnitPrice - 0.01m },
            3 => line with { PoolingArea = AdministrativeDivision.Parse("110000") },
            4 => line with { ServiceDate = policy.EffectiveFrom.AddDays(-1) },
            5 => line with { InsuranceType = InsuranceType.Resident },
            _ => line,
        };

    /// <summary>
    /// Generates charge lines valid under <paramref name="policy"/>: dated within its period, in its province, employee or
    /// resident. Half the lines sit on a rounding midpoint: its total (a quantity ending in .5 or .25 times a
    /// price in fen) or its pre-self-pay base (the total times one of the policy's ratios) ends in 5 at the third decimal,
    /// where half away from zero, half to even and truncation give different fen.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The generator (it does not shrink: <see cref="ArbitraryLinesFor"/> pairs it with <see cref="ShrinkerFor"/>).</returns>
    public static Gen<ChargeLine> LinesFor(PolicyVersion policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var codes = Codes(policy);
        var areas = Areas(policy);
        var days = (policy.EffectiveTo ?? policy.EffectiveFrom.AddYears(1)).DayNumber - policy.EffectiveFrom.DayNumber;
        var serviceItems = policy.Catalogue.SelectMany(static e => e.Restriction?.ServiceItems ?? []).Append("110000001").ToArray();
        var amounts = Gen.Frequency((1, from q in Quantities from p in UnitPrices select (Quantity: q, Price: p)), (1, Midpoints(policy)));
        return
            from code in codes
            from amount in amounts
            from day in Gen.Choose(0, days)
            from insurance in Gen.Frequency((5, Gen.Constant(InsuranceType.Employee)), (1, Gen.Constant(InsuranceType.Resident)))
            from area in Gen.Elements(areas)
            from origin in Gen.Elements<Origin?>(null, Origin.Domestic, Origin.Imported)
            from approval in Gen.Elements(HospitalApproval.None, HospitalApproval.None, HospitalApproval.Approved, HospitalApproval.Rejected)
            from item in Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements(serviceItems).Select(static s => (string?)s))
            from age in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 90).Select(static a => (int?)a))
            from medicalType in Gen.Elements(MedicalType.Unspecified, MedicalType.Outpatient, MedicalType.Inpatient)
            select new ChargeLine
            {
                PatientAge = age,
                MedicalType = medicalType,
                Code = code,
                Quantity = amount.Quantity,
                UnitPrice = amount.Price,
                ServiceDate = policy.EffectiveFrom.AddDays(day),
                InsuranceType = insurance,
                PoolingArea = area,
                Origin = origin,
                HospitalApproval = approval,
                ServiceItemCode = item,
            };
    }

    /// <summary>Pairs <see cref="LinesFor"/> with <see cref="ShrinkerFor"/>: a failing line shrinks to one a person can price by hand.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The arbitrary, for <c>Prop.ForAll</c>.</returns>
    public static Arbitrary<ChargeLine> ArbitraryLinesFor(PolicyVersion policy) => Arb.From(LinesFor(policy), ShrinkerFor(policy));

    /// <summary>Pairs <see cref="RoughLinesFor"/> (error lines included) with <see cref="ShrinkerFor"/>.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The arbitrary, for <c>Prop.ForAll</c>.</returns>
    public static Arbitrary<ChargeLine> ArbitraryRoughLinesFor(PolicyVersion policy) => Arb.From(RoughLinesFor(policy), ShrinkerFor(policy));

    /// <summary>
    /// Gets the shrinker of lines under <paramref name="policy"/>: a failing line is retried with quantity 1 and small
    /// integers, round prices with few decimals, the policy's simplest listed code, its first day, the first pooling
    /// area, an employee, and optional fields absent (<c>prodplac_type</c>, <c>hosp_appr_flag</c>, <c>service_item_code</c>).
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The shrinker: simpler lines, each strictly simpler than the one given, so shrinking ends.</returns>
    /// <remarks>FsCheck's <c>Select</c> and <c>SelectMany</c> build generators without shrinkers; give one back with <c>Arb.From(gen, shrinker)</c>.</remarks>
    public static Func<ChargeLine, IEnumerable<ChargeLine>> ShrinkerFor(PolicyVersion policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new LineShrinker(policy, Areas(policy)).Shrink;
    }

    /// <summary>Shrinks a quantity: a refund to its sale, then toward 1, small integers and fewer decimals.</summary>
    /// <param name="quantity">The quantity.</param>
    /// <returns>Simpler quantities, most simple first.</returns>
    public static IEnumerable<decimal> ShrinkQuantity(decimal quantity) => LineShrinker.Quantity(quantity);

    /// <summary>Shrinks a unit price toward round values (1, 10, 100, fewer significant digits) with few decimals.</summary>
    /// <param name="price">The price.</param>
    /// <returns>Simpler prices, most simple first.</returns>
    public static IEnumerable<decimal> ShrinkUnitPrice(decimal price) => LineShrinker.UnitPrice(price);

    /// <summary>Amounts on a rounding midpoint: the total or the pre-self-pay base at a ratio of the policy ends in 5 at the third decimal.</summary>
    private static Gen<(decimal Quantity, decimal Price)> Midpoints(PolicyVersion policy)
    {
        var refund = Gen.Frequency((4, Gen.Constant(1m)), (1, Gen.Constant(-1m)));
        var totals =
            from whole in Gen.Choose(0, 9)
            from part in Gen.Elements(0.5m, 0.25m, 0.75m)
            from fen in Gen.Choose(0, 250_000)
            from sign in refund
            select (sign * (whole + part), (part == 0.5m ? (fen * 2) + 1 : (fen * 4) + 2) / 100m);
        var bases = policy.PreSelfPay.Rows.Select(static r => r.Ratio).Distinct().Select(MidpointBase).OfType<(int First, int Step)>().ToArray();
        if (bases.Length == 0)
        {
            return totals;
        }

        var preSelfPay =
            from b in Gen.Elements(bases)
            from k in Gen.Choose(0, 1_000_000 / b.Step)
            from sign in refund
            select (sign, (b.First + (k * b.Step)) / 100m);
        return Gen.OneOf(totals, preSelfPay);
    }

    /// <summary>The totals in fen whose product with <paramref name="ratio"/> ends in exactly half a fen: First + k × Step; none when the ratio has none.</summary>
    private static (int First, int Step)? MidpointBase(decimal ratio)
    {
        // fen × ratio ends in half a fen when fen × R ≡ 5000 (mod 10000), R the ratio in ten-thousandths.
        if (ratio <= 0m || ratio >= 1m || ratio * 10_000m != Math.Truncate(ratio * 10_000m))
        {
            return null;
        }

        var r = (int)(ratio * 10_000m);
        for (var fen = 1; fen <= 10_000; fen++)
        {
            if (fen * r % 10_000 == 5_000)
            {
                return (fen, 10_000 / (int)System.Numerics.BigInteger.GreatestCommonDivisor(r, 10_000));
            }
        }

        return null;
    }

    /// <summary>
    /// Generates the lines of one visit under <paramref name="policy"/>: 1 to <paramref name="maxLines"/> lines of one
    /// patient (one visit id, insured area and insurance type), about one in four a context line (a service item the
    /// policy's restrictions name, or another one) between the consumables.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="maxLines">The most lines a visit has.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLines"/> is less than 1.</exception>
    public static Gen<ChargeLine[]> VisitsFor(PolicyVersion policy, int maxLines = 20)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        var serviceItems = policy.Catalogue.SelectMany(static e => e.Restriction?.ServiceItems ?? []).Append("110000001").ToArray();
        var context =
            from code in Gen.Elements(serviceItems)
            from type in Gen.Elements("01", "05", "06", "09")
            select new ChargeLine { ChargeItemType = type, ContextCode = code, Quantity = 1m, UnitPrice = 100m };
        var line = Gen.Frequency((3, LinesFor(policy)), (1, context));
        return
            from count in Gen.Choose(1, maxLines)
            from lines in line.ArrayOf(count)
            from patient in LinesFor(policy)
            from id in Gen.Choose(1, 999_999)
            select lines.Select(l => l with
            {
                VisitId = $"V{id:D6}",
                ServiceDate = l.IsContext ? patient.ServiceDate : l.ServiceDate,
                PoolingArea = patient.PoolingArea,
                InsuranceType = patient.InsuranceType,
            }).ToArray();
    }

    /// <summary>Pairs <see cref="VisitsFor"/> with a shrinker that drops lines and shrinks each line's quantity and price (the patient stays one).</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="maxLines">The most lines a visit has.</param>
    /// <returns>The arbitrary, for <c>Prop.ForAll</c>.</returns>
    public static Arbitrary<ChargeLine[]> ArbitraryVisitsFor(PolicyVersion policy, int maxLines = 20) => Arb.From(VisitsFor(policy, maxLines), ShrinkVisit);

    private static IEnumerable<ChargeLine[]> ShrinkVisit(ChargeLine[] lines)
    {
        for (var i = 0; i < lines.Length && lines.Length > 1; i++)
        {
            yield return [.. lines[..i], .. lines[(i + 1)..]];
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].IsContext)
            {
                continue;
            }

            var line = lines[i];
            foreach (var simpler in LineShrinker.Quantity(line.Quantity).Select(q => line with { Quantity = q })
                .Concat(LineShrinker.UnitPrice(line.UnitPrice).Select(p => line with { UnitPrice = p })))
            {
                var copy = (ChargeLine[])lines.Clone();
                copy[i] = simpler;
                yield return copy;
            }
        }
    }

    private static Gen<ConsumableCode> Codes(PolicyVersion policy)
    {
        var products = policy.Products.Select(static p => p.Code)
            .Concat(policy.Procurement.SelectMany(static g => g.Winners.Select(static w => w.Product)))
            .ToArray();
        var listed = policy.Catalogue.Where(static e => e.Level == CatalogueLevel.CatalogueCode).Select(static e => e.Code.ToString()).ToArray();
        var suffix = Gen.Choose(0, 99_999).Two().Select(static t => $"{t.Item1:D5}{t.Item2 % 10_000_000:D7}");
        var genericNames = policy.Catalogue.Where(static e => e.Level == CatalogueLevel.ClassPrefix).Select(static e => e.ClassPrefix.ToString()).ToArray();
        var generators = new List<(int, Gen<ConsumableCode>)>
        {
            (1, CodeGenerators.ConsumableCodes),
        };
        if (products.Length > 0)
        {
            generators.Add((4, Gen.Elements(products)));
        }

        if (listed.Length > 0)
        {
            generators.Add((4, from c in Gen.Elements(listed) from s in suffix select ConsumableCode.Parse(c + s)));
        }

        if (genericNames.Length > 0)
        {
            // Any material and feature under a listed generic name: priced by its own entry when it has one, else the generic name's.
            generators.Add((4, from g in Gen.Elements(genericNames) from m in Gen.Choose(0, 99_999) from s in suffix select ConsumableCode.Parse($"{g}{m:D5}{s}")));
        }

        return Gen.Frequency([.. generators]);
    }

    private static AdministrativeDivision[] Areas(PolicyVersion policy)
    {
        var areas = policy.PreSelfPay.Rows.Select(static r => r.Area).Append(policy.Province).ToList();
        areas.AddRange(areas.ToArray().Where(static a => a.Level == DivisionLevel.City).Select(static a => AdministrativeDivision.Parse((a.Code + 2).ToString("D6", System.Globalization.CultureInfo.InvariantCulture))));
        return [.. areas.Distinct()];
    }
}
