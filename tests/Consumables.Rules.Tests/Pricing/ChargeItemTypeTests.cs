namespace Consumables.Rules.Tests.Pricing;

/// <summary><c>med_chrgitm_type</c> is the platform's two digits: a mistyped value is an error, never a silent context line.</summary>
public class ChargeItemTypeTests
{
    private const string Plate = "C03111608002007064100000001";
    private static readonly ConsumablePricer Pricer = ConsumablePricer.CreateDefault();

    private static RawChargeLine Raw(string? type) => new()
    {
        SerialNumber = "1", Code = Plate, Quantity = "2", UnitPrice = "1200", ServiceTime = "2026-03-02 10:00:00", InsuranceType = "310",
        PoolingArea = "141100", Origin = "1", ChargeItemType = type,
    };

    [Theory]
    [InlineData("8")]
    [InlineData("008")]
    [InlineData("卫生材料费")]
    [InlineData("0 8")]
    [InlineData("O8")]
    public void A_type_that_is_not_two_digits_is_an_error_naming_the_field(string type)
    {
        var raw = Pricer.Price(Raw(type));
        var typed = Pricer.Price(ChargeLine.Create(Plate, 2m, 1200m, new DateOnly(2026, 3, 2), Rules.Policy.InsuranceType.Employee, "141100") with { ChargeItemType = type });
        var visit = Pricer.PriceVisit([ChargeLine.Create(Plate, 2m, 1200m, new DateOnly(2026, 3, 2), Rules.Policy.InsuranceType.Employee, "141100") with { ChargeItemType = type }])[0];

        foreach (var r in new[] { raw, typed, visit })
        {
            Assert.False(r.IsContext);
            Assert.False(r.IsPriced);
            var error = Assert.Single(r.Errors);
            Assert.Equal(("invalid-field", FieldNames.ChargeItemType), (error.CodeName, error.Field));
            Assert.Contains(type, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("08")]
    [InlineData(" 08 ")]
    [InlineData("０８")]
    [InlineData("")]
    [InlineData(null)]
    public void Spaces_and_full_width_digits_are_read_as_the_platforms_code(string? type)
    {
        var r = Pricer.Price(Raw(type));

        Assert.True(r.IsPriced, string.Join("; ", r.Errors));
        Assert.Equal((2400m, "08"), (r.Total, r.ChargeItemType));
    }

    [Theory]
    [InlineData("０６", "06")]
    [InlineData(" 09", "09")]
    public void Another_two_digit_type_is_a_context_line_under_its_folded_code(string type, string code)
    {
        var r = Pricer.Price(Raw(type));

        Assert.True(r.IsContext);
        Assert.Equal(code, r.ChargeItemType);
    }
}
