using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Tests.Policy;

/// <summary>Entries keyed by NHSA's 医保通用名编号, priced through NHSA's generic-name table; the 20-character code.</summary>
public class GenericNameNumberTests
{
    private static readonly GenericNameNumber Primary = GenericNameNumber.Parse("107403");
    private static readonly GenericNameNumber Revision = GenericNameNumber.Parse("107404");

    private static PolicyBuilder Builder() => new PolicyBuilder("numbers", AdministrativeDivision.Parse("140000"), new DateOnly(2026, 1, 1))
        .AddPreSelfPay(new PreSelfPayRow(InsuranceType.Employee, AdministrativeDivision.Parse("141100"), null, PaymentCategory.B, 0.10m))
        .AddGenericName(new GenericName(Primary, "胫骨平台（初次）", [CatalogueCode.Parse("C03110210701111"), CatalogueCode.Parse("C03110210702114")], [ManufacturerCode.Parse("C0311021070112300087")]))
        .AddGenericName(new GenericName(Revision, "胫骨平台（翻修、肿瘤）", [CatalogueCode.Parse("C03110210701121")], [ManufacturerCode.Parse("C0311021070112300215")]))
        .AddEntry(new CatalogueEntry
        {
            Code = CatalogueEntry.CodeOf(Primary),
            Level = CatalogueLevel.GenericNameNumber,
            Name = "胫骨平台（初次）",
            Category = PaymentCategory.B,
            ValueClass = ValueClass.High,
            MaxPaymentLimit = 12000m,
        });

    private static PricingResult Price(PolicyVersion policy, string code, decimal price) =>
        ConsumablePricer.Create(PolicyTimeline.Create([policy]), new ConsumablesRulesOptions { NotListed = NotListedTreatment.Error })
            .Price(ChargeLine.Create(code, 1m, price, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100"));

    [Fact]
    public void An_entry_keyed_by_a_generic_name_number_prices_a_code_the_table_places_under_it_with_its_limit_and_name()
    {
        var r = Price(Builder().Build(), "C03110210702114002150000007", 13500m);

        Assert.True(r.IsPriced, string.Join("; ", r.Errors));
        Assert.Equal((12000m, 1500m), (r.EffectiveLimit, r.OverLimit));
        Assert.Equal((Primary, "胫骨平台（初次）"), (r.GenericNameCode!.Value, r.GenericName));
        Assert.Equal(CatalogueLevel.GenericNameNumber, r.Entry!.Level);
    }

    [Fact]
    public void A_code_of_another_number_under_the_same_class_prefix_is_not_priced_by_it()
    {
        var r = Price(Builder().Build(), "C03110210701121000870000044", 15000m);

        Assert.Equal(PricingErrorCode.NotListed, Assert.Single(r.Errors).Code);
    }

    [Fact]
    public void A_code_the_table_splits_between_names_is_placed_by_its_twenty_character_code()
    {
        var policy = Builder().Build();

        Assert.True(Price(policy, "C03110210701123000870000001", 9000m).IsPriced);
        Assert.Equal(PricingErrorCode.NotListed, Assert.Single(Price(policy, "C03110210701123002150000001", 9000m).Errors).Code);
        Assert.True(policy.TryGetGenericName(ConsumableCode.Parse("C03110210701123002150000001"), out var name) && name.Number == Revision);
    }

    [Fact]
    public void A_fifteen_character_entry_wins_over_the_entry_of_its_number()
    {
        var policy = Builder().AddEntry(new CatalogueEntry
        {
            Code = CatalogueCode.Parse("C03110210701111"),
            Name = "胫骨平台（初次）",
            Category = PaymentCategory.B,
            ValueClass = ValueClass.High,
            MaxPaymentLimit = 9000m,
        }).Build();

        Assert.Equal(9000m, Price(policy, "C03110210701111000870000101", 11800m).EffectiveLimit);
    }

    [Fact]
    public void The_table_and_the_number_entry_survive_a_round_trip_through_the_policy_file()
    {
        var policy = Builder().Build();

        var again = PolicyVersion.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(policy.ToJson()))).GetValueOrThrow();

        Assert.Contains("\"code\": \"107403\"", policy.ToJson(), StringComparison.Ordinal);
        Assert.Equal(policy.GenericNames.Select(static g => (g.Number, g.Name, g.CatalogueCodes.Length, g.ManufacturerCodes.Length)), again.GenericNames.Select(static g => (g.Number, g.Name, g.CatalogueCodes.Length, g.ManufacturerCodes.Length)));
        Assert.True(again.TryGetEntry(Primary, out var entry) && entry.MaxPaymentLimit == 12000m);
    }

    [Fact]
    public void A_class_prefix_entry_is_refused_unless_the_policy_allows_it()
    {
        var prefix = new CatalogueEntry
        {
            Code = CatalogueEntry.CodeOf(GenericNameClass.Parse("C031102107")),
            Level = CatalogueLevel.ClassPrefix,
            Name = "胫骨平台",
            Category = PaymentCategory.B,
            ValueClass = ValueClass.High,
        };

        var refused = Builder().AddEntry(prefix).TryBuild();

        Assert.Contains(refused.Problems, static p => p.Message.Contains("allowClassPrefixEntries", StringComparison.Ordinal));
        Assert.True(Builder().WithAllowClassPrefixEntries(true).AddEntry(prefix).TryBuild().IsValid);
    }

    [Fact]
    public void A_code_placed_under_two_numbers_is_a_problem()
    {
        var twice = Builder().AddGenericName(new GenericName(GenericNameNumber.Parse("107405"), "其他", [CatalogueCode.Parse("C03110210701111")])).TryBuild();

        Assert.Contains(twice.Problems, static p => p.Path == "$.genericNames[2].codes[0]");
    }

    [Fact]
    public void A_product_keyed_at_20_characters_stands_for_every_product_of_that_manufacturer_without_its_own()
    {
        var manufacturer = new Product { Code = Product.CodeOf(ManufacturerCode.Parse("C0311021070211400215")), CoversManufacturer = true, Registration = "国械注进20173460001" };
        var own = new Product { Code = ConsumableCode.Parse("C03110210702114002150000007"), Registration = "国械注准20193130123" };
        var policy = Builder().AddProduct(manufacturer).AddProduct(own).Build();

        Assert.True(policy.TryGetProduct(ConsumableCode.Parse("C03110210702114002150000099"), out var other) && ReferenceEquals(other, manufacturer));
        Assert.Equal(Origin.Imported, other.Origin);
        Assert.True(policy.TryGetProduct(own.Code, out var exact) && ReferenceEquals(exact, own));
        Assert.False(policy.TryGetProduct(ConsumableCode.Parse("C03110210702114002160000001"), out _));
        Assert.Contains("\"code\": \"C0311021070211400215\"", policy.ToJson(), StringComparison.Ordinal);
        Assert.True(PolicyVersion.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(policy.ToJson()))).GetValueOrThrow().Products.Single(static p => p.CoversManufacturer).Code == manufacturer.Code);
    }

    [Fact]
    public void The_codes_convert_from_27_to_20_to_15_to_10_characters()
    {
        var code = ConsumableCode.Parse("C0311021070211400215" + "0000007");

        Assert.Equal("C0311021070211400215", code.ManufacturerCode.ToString());
        Assert.Equal("00215", code.ManufacturerCode.Manufacturer);
        Assert.Equal("C03110210702114", code.ManufacturerCode.CatalogueCode.ToString());
        Assert.Equal("C031102107", code.ManufacturerCode.GenericNameClass.ToString());
        Assert.True(code.ManufacturerCode.Contains(code));
        Assert.Equal(("107", "403"), (Primary.Class, Primary.Serial));
        Assert.False(GenericNameNumber.TryParse("10740", out _, out var error));
        Assert.Equal(CodeErrorKind.WrongLength, error.Kind);
    }
}
