using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>
/// The hospital's area (就医地, <c>mdtrtarea_admvs</c>) decides whether a line is out of province, and so which ratio rows
/// apply: the insured area's rows within the hospital's province, the hospital area's rows for another province.
/// </summary>
public class HospitalAreaTests
{
    private const string Plate = "C03111608002007064100000001";  // class B, limit 1000

    // Lüliang (141100) 10 %, Lishi district (141102) 12 %, Taiyuan (140100) 20 %; out-of-province patients: Taiyuan's rows.
    private static readonly ConsumablePricer Pricer = ConsumablePricer.Create(PolicyTimeline.Create([
        PolicyBuilder.From(PolicyVersion.Default).ClearPreSelfPay()
            .AddPreSelfPay(Row("141100", 0.10m)).AddPreSelfPay(Row("141102", 0.12m)).AddPreSelfPay(Row("140100", 0.20m))
            .WithOutOfProvinceRatioArea(AdministrativeDivision.Parse("140100")).Build(),
    ]));

    private static PreSelfPayRow Row(string area, decimal ratio) =>
        new(InsuranceType.Employee, AdministrativeDivision.Parse(area), null, PaymentCategory.B, ratio);

    private static PricingResult Price(string insured, string? hospital) =>
        Pricer.Price(ChargeLine.Create(Plate, 1m, 1000m, new DateOnly(2026, 3, 2), InsuranceType.Employee, insured, Origin.Domestic) with
        {
            HospitalArea = hospital is null ? null : AdministrativeDivision.Parse(hospital),
        });

    [Theory]
    [InlineData("141102", "141102", 0.12)]   // same pooling area: its own rows (the most specific)
    [InlineData("141102", "140100", 0.12)]   // another area of the hospital's province: the insured area's rows
    [InlineData("140100", "141100", 0.20)]
    [InlineData("110100", "141102", 0.12)]   // another province: the hospital area's rows (就医地)
    [InlineData("110100", "140100", 0.20)]
    [InlineData("110100", null, 0.20)]       // not given: the policy's province, and the area it names for such patients
    [InlineData("141100", null, 0.10)]
    public void The_ratio_rows_follow_the_hospitals_area(string insured, string? hospital, decimal ratio)
    {
        var r = Price(insured, hospital);

        Assert.True(r.IsPriced, string.Join("; ", r.Errors));
        Assert.Equal(ratio, r.SelfPayRatio);
    }

    [Fact]
    public void A_patient_of_the_hospitals_province_is_not_out_of_province_even_outside_the_policys_province()
    {
        // A hospital in Hebei (130100) treating a Hebei patient: the insured area's own rows, none of which this policy holds.
        var error = Assert.Single(Price("130100", "130100").Errors);

        Assert.Equal((PricingErrorCode.MissingRatio, FieldNames.InsuranceType), (error.Code, error.Field));
    }

    [Fact]
    public void The_raw_reader_reads_mdtrtarea_admvs_and_reports_a_bad_one()
    {
        RawChargeLine Raw(string? area) => new()
        {
            Code = Plate, Quantity = "1", UnitPrice = "1000", ServiceTime = "2026-03-02", InsuranceType = "310", PoolingArea = "110100", Origin = "1",
            HospitalArea = area,
        };

        Assert.Equal(0.12m, Pricer.Price(Raw(" 141102 ")).SelfPayRatio);
        Assert.Equal(0.20m, Pricer.Price(Raw("")).SelfPayRatio);
        var error = Assert.Single(Pricer.Price(Raw("14110")).Errors);
        Assert.Equal(("invalid-field", FieldNames.HospitalArea), (error.CodeName, error.Field));
    }
}
