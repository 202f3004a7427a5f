using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Testing;

/// <summary>FsCheck generators of catalogue entries and of consistent, valid policies (Shanxi, 140000).</summary>
public static class PolicyGenerators
{
    private static readonly AdministrativeDivision Province = AdministrativeDivision.Parse("140000");

    /// <summary>Generates catalogue entries with a valid code, a category, a value class, and sometimes a limit or a restriction.</summary>
    public static Gen<CatalogueEntry> Entries { get; } =
        from code in CodeGenerators.CatalogueCodes
        from category in Gen.Elements(PaymentCategory.A, PaymentCategory.B, PaymentCategory.B, PaymentCategory.C)
        from valueClass in Gen.Elements(ValueClass.Low, ValueClass.High)
        from limit in Gen.OneOf(Gen.Constant<decimal?>(null), PricingGenerators.Yuan(1, 5_000_000).Select(static y => (decimal?)y))
        from restricted in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from kind in Gen.Elements(RestrictionKind.LimitedTo, RestrictionKind.LimitedTo, RestrictionKind.NotTogetherWith, RestrictionKind.Conditions, RestrictionKind.Note)
        select new CatalogueEntry
        {
            Code = code,
            Name = "耗材" + code.ToString()[^4..],
            Category = category,
            ValueClass = valueClass,
            MaxPaymentLimit = limit,
            Restriction = restricted ? RestrictionOf(kind) : null,
        };

    private static Restriction RestrictionOf(RestrictionKind kind) => kind switch
    {
        RestrictionKind.NotTogetherWith => new Restriction { Text = "不能与项目同时收取", Kind = kind, ServiceItems = ["331501001"] },
        RestrictionKind.Conditions => new Restriction { Text = "限：1.7岁以下儿童", Kind = kind, MaxAge = 7, MedicalTypes = [MedicalType.Inpatient] },
        RestrictionKind.Note => new Restriction { Text = "不含眼内屈光矫正手术", Kind = kind },
        _ => new Restriction { Text = "限定使用", ServiceItems = ["331501001"] },
    };

    /// <summary>Generates valid policies: unique entries, products of listed codes, a procurement group, medians and non-overlapping ratio rows.</summary>
    public static Gen<PolicyVersion> Policies { get; } =
        from entries in Entries.ListOf().Select(static l => l.DistinctBy(static e => e.Code).Take(12).ToList())
        from ratio in Gen.Choose(0, 100).Select(static r => r / 100m)
        from imported in Gen.Choose(0, 100).Select(static r => r / 100m)
        from price in PricingGenerators.Yuan(1, 5_000_000)
        from days in Gen.Choose(0, 3000)
        from noMedian in Gen.Elements<NoMedianTreatment?>(null, NoMedianTreatment.ActualPrice, NoMedianTreatment.SelfPay, NoMedianTreatment.Reject)
        from defaultEntry in Gen.Elements<DefaultEntry?>(
            null,
            null,
            new DefaultEntry { Name = "原有政策", Category = PaymentCategory.B, HighValueFrom = 1000m },
            new DefaultEntry { Category = PaymentCategory.B, ValueClass = ValueClass.Low, MaxPaymentLimit = 500m })
        select Build(entries, ratio, imported, price, days, noMedian, defaultEntry);

    private static PolicyVersion Build(List<CatalogueEntry> entries, decimal ratio, decimal imported, decimal price, int days, NoMedianTreatment? noMedian, DefaultEntry? defaultEntry)
    {
        var builder = new PolicyBuilder("gen-" + days, Province, new DateOnly(2020, 1, 1).AddDays(days)).WithTitle("generated")
            .WithNoMedian(noMedian).WithDefaultEntry(defaultEntry);
        entries.ForEach(e => builder.AddEntry(e));
        if (entries.Count > 0)
        {
            var code = entries[0].Code;

            // A winner is paid at its winning price, which may not exceed its entry's limit.
            price = Math.Min(price, entries[0].MaxPaymentLimit ?? price);
            var product = ConsumableCode.Parse(code + "000010000001");
            builder.AddProduct(new Product { Code = product, Registration = "国械注准" + days });
            builder.AddProcurementGroup(new ProcurementGroup { Id = "G1", CatalogueCodes = [code], Winners = [new ProcurementWinner(product, price)] });
            builder.AddSettlementMedian(new SettlementMedian(code, price, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)));
        }

        builder.AddPreSelfPay(new PreSelfPayRow(InsuranceType.Employee, AdministrativeDivision.Parse("141100"), Origin.Domestic, PaymentCategory.B, ratio));
        builder.AddPreSelfPay(new PreSelfPayRow(InsuranceType.Employee, AdministrativeDivision.Parse("141100"), Origin.Imported, PaymentCategory.B, imported));
        return builder.Build();
    }
}
