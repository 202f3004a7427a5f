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

    /// <summary>Generates quantities: whole ten-thousandths (the platform's precision), never zero; about one in five is a refund (negative).</summary>
    public static Gen<decimal> Quantities { get; } =
        from units in Gen.Frequency((5, Gen.Choose(1, 10).Select(static n => n * 10_000)), (2, Gen.Choose(1, 1_000_000)))
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

    /// <summary>Generates charge lines valid under <paramref name="policy"/>: dated within its period, in its province, employee or resident.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The generator.</returns>
    public static Gen<ChargeLine> LinesFor(PolicyVersion policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var codes = Codes(policy);
        var areas = Areas(policy);
        var days = (policy.EffectiveTo ?? policy.EffectiveFrom.AddYears(1)).DayNumber - policy.EffectiveFrom.DayNumber;
        var serviceItems = policy.Catalogue.SelectMany(static e => e.Restriction?.ServiceItems ?? []).Append("110000001").ToArray();
        return
            from code in codes
            from quantity in Quantities
            from price in UnitPrices
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
                Quantity = quantity,
                UnitPrice = price,
                ServiceDate = policy.EffectiveFrom.AddDays(day),
                InsuranceType = insurance,
                PoolingArea = area,
                Origin = origin,
                HospitalApproval = approval,
                ServiceItemCode = item,
            };
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

    private static Gen<ConsumableCode> Codes(PolicyVersion policy)
    {
        var products = policy.Products.Select(static p => p.Code)
            .Concat(policy.Procurement.SelectMany(static g => g.Winners.Select(static w => w.Product)))
            .ToArray();
        var listed = policy.Catalogue.Where(static e => e.Level == CatalogueLevel.CatalogueCode).Select(static e => e.Code.ToString()).ToArray();
        var suffix = Gen.Choose(0, 99_999).Two().Select(static t => $"{t.Item1:D5}{t.Item2 % 10_000_000:D7}");
        var genericNames = policy.Catalogue.Where(static e => e.Level == CatalogueLevel.GenericName).Select(static e => e.GenericNameCode.ToString()).ToArray();
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
