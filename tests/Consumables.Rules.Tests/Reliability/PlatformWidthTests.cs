using System.Numerics;
using System.Text;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Reliability;

/// <summary>
/// The platform's widths (cnt 16,4; pric 16,6; amounts 16,2) are input rules, and within them every amount is exact:
/// checked against a big-integer reference that never touches <see cref="decimal"/> arithmetic.
/// </summary>
public class PlatformWidthTests
{
    private static readonly ConsumablePricer Pricer = ConsumablePricer.CreateDefault();

    /// <summary>Codes of the default policy covering each price basis: winner, group, median, capped, actual price, class C.</summary>
    private static readonly string[] Codes =
    [
        "C02010100200301100010000001", "C02010100200301300030000001", "C01010100101001047440000001",
        "C03111608002007064100000001", "C14010200100101300010000010", "C05020300100201700070000001",
    ];

    private static RawChargeLine Raw(string cnt = "1", string pric = "1200.00", string date = "2026-03-02") =>
        new() { Code = "C03111608002007064100000001", Quantity = cnt, UnitPrice = pric, ServiceTime = date, InsuranceType = "310", PoolingArea = "141100", Origin = "1" };

    [Theory]
    [InlineData("1,200.00", "1200.00")]
    [InlineData("12,345,678.5", "12345678.5")]
    [InlineData("-1,200", "-1200")]
    public void Thousands_separated_in_groups_of_three_read_as_the_import_reads_them(string pric, string plain)
    {
        var grouped = Pricer.Price(Raw(pric: pric));
        var expected = Pricer.Price(Raw(pric: plain));

        Assert.Equal(expected.Errors.Select(static e => e.CodeName), grouped.Errors.Select(static e => e.CodeName));
        Assert.Equal((expected.Total, expected.InPolicyScope), (grouped.Total, grouped.InPolicyScope));
    }

    [Theory]
    [InlineData("1,20.00")]
    [InlineData("1,2000")]
    [InlineData(",200")]
    [InlineData("1200,00")]
    [InlineData("1,200.0,0")]
    [InlineData("1，200")]
    public void Commas_other_than_between_groups_of_three_are_refused_naming_the_value(string pric)
    {
        var error = Assert.Single(Pricer.Price(Raw(pric: pric)).Errors);

        Assert.Equal(("invalid-field", "pric"), (error.CodeName, error.Field));
        Assert.Contains($"'{pric}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1E2", "1", "100")]
    [InlineData("1e+2", "1.5", "150")]
    [InlineData("2.5E-1", "1200", "300")]
    [InlineData("1", "1.2E3", "1200")]
    [InlineData("1.00000", "1200.0000000", "1200")]
    [InlineData("-0.5e1", "240", "-1200")]
    public void Exponent_forms_and_zeros_beyond_the_scale_are_read_exactly(string cnt, string pric, string total)
    {
        var result = Pricer.Price(Raw(cnt, pric));

        Assert.Empty(result.Errors);
        Assert.Equal(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), result.Total);
    }

    [Theory]
    [InlineData("1000000000000", "1", "cnt")]                          // 13 integer digits; cnt allows 12
    [InlineData("0.00001", "1", "cnt")]                                // 5 decimals; cnt allows 4
    [InlineData("1", "10000000000", "pric")]                           // 11 integer digits; pric allows 10
    [InlineData("1", "12345678901234567890123456789", "pric")]         // 29 integer digits
    [InlineData("1", "1.23456789012345678901234567890", "pric")]       // 30 significant digits: never rounded
    [InlineData("1", "1e400", "pric")]
    [InlineData("1", "1e-400", "pric")]
    [InlineData("1", "1E", "pric")]
    [InlineData("1", " 1", "pric")]
    public void Values_beyond_the_platforms_widths_are_errors_naming_the_field(string cnt, string pric, string field)
    {
        var error = Assert.Single(Pricer.Price(Raw(cnt, pric)).Errors);

        Assert.Equal((PricingErrorCode.InvalidField, field), (error.Code, error.Field));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("50000000000000000000000000000", "1", "cnt")]
    [InlineData("1", "50000000000000000000000000000", "pric")]
    [InlineData("1", "0.0000001", "pric")]
    [InlineData("0.00001", "1", "cnt")]
    public void A_typed_line_beyond_the_widths_is_refused_by_the_pricer_not_thrown(string quantity, string price, string field)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var line = ChargeLine.Create("C03111608002007064100000001", decimal.Parse(quantity, inv), decimal.Parse(price, inv), new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100", Origin.Domestic);

        var result = Pricer.Price(line);

        var error = Assert.Single(result.Errors);
        Assert.Equal((PricingErrorCode.InvalidField, field), (error.Code, error.Field));
    }

    [Fact]
    public void A_visit_with_users_rules_refuses_a_line_beyond_the_widths_too()
    {
        var pricer = ConsumablePricer.Create(PolicyTimeline.Create([PolicyVersion.Default]), new ConsumablesRulesOptions { VisitRules = new NoRules() });
        var beyond = ChargeLine.Create("C03111608002007064100000001", 1m, 50_000_000_000_000_000_000_000_000_000m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100", Origin.Domestic);

        var results = pricer.PriceVisit([beyond, beyond with { UnitPrice = 1200m }]);

        Assert.Equal("pric", Assert.Single(results[0].Errors).Field);
        Assert.True(results[1].IsPriced);
    }

    /// <summary>Users' rules that do nothing: the visit path, without changing any line.</summary>
    private sealed class NoRules : Consumables.Rules.Pricing.IVisitRules
    {
        public bool HasRules => true;

        public void Run(Consumables.Rules.Pricing.PricingVisit visit)
        {
        }
    }

    [Fact]
    public void Two_lines_priced_5e28_are_two_errors_and_the_batch_goes_on()
    {
        var lines = new[] { Raw("1", "50000000000000000000000000000"), Raw("1", "50000000000000000000000000000"), Raw() };

        var results = Pricer.PriceBatch(lines);

        Assert.Equal(3, results.Count);
        Assert.All(results.Take(2), static r => Assert.Equal("pric", Assert.Single(r.Errors).Field));
        Assert.True(results[2].IsPriced);
    }

    [Fact]
    public void A_total_beyond_16_2_is_an_amount_overflow_error()
    {
        var error = Assert.Single(Pricer.Price(Raw("999999999999.9999", "9999999999.999999")).Errors);

        Assert.Equal(PricingErrorCode.AmountOverflow, error.Code);
        Assert.Contains("16,2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026/3/2 9:15")]
    [InlineData("2026/03/02 09:15:00")]
    [InlineData("2026/3/2")]
    [InlineData("2026-3-2 9:15")]
    [InlineData("2026-03-02 09:15:00.000")]
    [InlineData("20260302")]
    [InlineData("20260302091500")]
    [InlineData("2026-03-02 09:15:00")]
    [InlineData("2026-03-02")]
    public void The_date_forms_HIS_systems_export_are_read(string date)
    {
        var result = Pricer.Price(Raw(date: date));

        Assert.Empty(result.Errors);
        Assert.Equal(new DateOnly(2026, 3, 2), result.Line.ServiceDate);
    }

    [Theory]
    [InlineData("2026-03-02T09:15:00")]
    [InlineData("02/03/2026")]
    [InlineData("2026/13/2")]
    [InlineData("2026/2/30 9:15")]
    [InlineData("202603")]
    public void Other_date_forms_are_refused_naming_the_accepted_ones(string date)
    {
        var error = Assert.Single(Pricer.Price(Raw(date: date)).Errors);

        Assert.Equal("fee_ocur_time", error.Field);
        Assert.Contains("yyyy/M/d H:mm", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "format": "consumables-policy/1", "id": "x", "province": "140000", "effectiveFrom": "2026-01-01", "itemCap": 50000, "catalogue": [ { "code": "C03111608002007", "name": "n", "category": "B", "valueClass": "high", "maxPaymentLimit": 1000.1234567 } ] }""", "$.catalogue[0].maxPaymentLimit")]
    [InlineData("""{ "format": "consumables-policy/1", "id": "x", "province": "140000", "effectiveFrom": "2026-01-01", "itemCap": 50000, "catalogue": [], "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.12345 } ] }""", "$.preSelfPay[0].ratio")]
    public void Policy_prices_and_ratios_beyond_the_widths_are_problems_at_their_path(string json, string path)
    {
        var result = PolicyVersion.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == path && p.Message.Contains("width", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'D', (byte)'8', (byte)'0', (byte)'0' })]
    public void A_policy_string_that_is_not_valid_text_is_reported_not_thrown(byte[] hostile)
    {
        var json = new List<byte>(Encoding.UTF8.GetBytes("{ \"format\": \"consumables-policy/1\", \"id\": \"x\", \"title\": \""));
        json.AddRange(hostile);
        json.AddRange(Encoding.UTF8.GetBytes("\", \"province\": \"140000\", \"effectiveFrom\": \"2026-01-01\", \"itemCap\": 50000, \"catalogue\": [] }"));

        var result = PolicyVersion.Load(new MemoryStream([.. json]));

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Problems);
    }

    /// <summary>A value of a width drawn whole: the scaled integer (as a big integer, the reference) and its decimal, built from its bits.</summary>
    private readonly record struct Scaled(BigInteger Units, decimal Value);

    /// <summary>Values of a width, biased to its extremes: the largest and smallest magnitudes, powers of ten, one unit, and anything between.</summary>
    private static Gen<Scaled> OfWidth(int precision, int scale, bool signed)
    {
        var max = (long)BigInteger.Pow(10, precision) - 1;
        var extremes = Gen.Elements(max, max - 1, 1L, 0L, (long)BigInteger.Pow(10, precision - 1), (long)BigInteger.Pow(10, scale), (max / 2) + 1, 5L * (long)BigInteger.Pow(10, scale - 1));
        var any = from high in Gen.Choose(0, 99_999_999) from low in Gen.Choose(0, 99_999_999) select ((long)high * 100_000_000L) + low;
        var small = Gen.Choose(0, 99_999_999).Select(static v => (long)v);
        var magnitude = Gen.Frequency((2, extremes), (3, any), (2, small));
        return from units in magnitude
               from negative in signed ? Gen.Elements(false, true) : Gen.Constant(false)
               select new Scaled(negative ? -units : units, new decimal(unchecked((int)units), (int)(units >> 32), 0, negative && units != 0, (byte)scale));
    }

    /// <summary>A quantity of cnt's width, a non-negative price of pric's width and a code of each price basis.</summary>
    private static Gen<(Scaled Quantity, Scaled Price, string Code)> Lines(bool signedQuantity) =>
        from quantity in OfWidth(16, 4, signedQuantity)
        from price in OfWidth(16, 6, signed: false)
        from code in Gen.Elements(Codes)
        select (quantity, price, code);

    /// <summary>Rounds numerator / denominator half away from zero, on big integers.</summary>
    private static BigInteger RoundDiv(BigInteger numerator, BigInteger denominator)
    {
        var quotient = BigInteger.DivRem(BigInteger.Abs(numerator), denominator, out var remainder);
        if (remainder * 2 >= denominator)
        {
            quotient++;
        }

        return numerator.Sign < 0 ? -quotient : quotient;
    }

    private static BigInteger Fen(decimal yuan)
    {
        var fen = yuan * 100m;
        Assert.Equal(decimal.Truncate(fen), fen);
        return new BigInteger(fen);
    }

    private static BigInteger Units(decimal value, int scale)
    {
        var scaled = value * (scale == 6 ? 1_000_000m : 10_000m);
        Assert.Equal(decimal.Truncate(scaled), scaled);
        return new BigInteger(scaled);
    }

    [Fact]
    public void At_the_widths_extremes_every_amount_agrees_with_an_exact_big_integer_reference()
    {
        var property = Prop.ForAll(Lines(signedQuantity: true).ToArbitrary(), c =>
        {
            var line = new ChargeLine
            {
                Code = Consumables.Rules.Codes.ConsumableCode.Parse(c.Code),
                Quantity = c.Quantity.Value,
                UnitPrice = c.Price.Value,
                ServiceDate = new DateOnly(2026, 3, 3),
                InsuranceType = InsuranceType.Employee,
                PoolingArea = AdministrativeDivision.Parse("141100"),
                Origin = Origin.Domestic,
            };
            var result = Pricer.Price(line);

            // Reference: units of 10^-10 yuan, rounded to the fen (10^8 units) half away from zero.
            var total = RoundDiv(c.Price.Units * c.Quantity.Units, BigInteger.Pow(10, 8));
            if (BigInteger.Abs(total) >= BigInteger.Pow(10, 16))
            {
                return Assert.Single(result.Errors).Code == PricingErrorCode.AmountOverflow;
            }

            if (!result.IsPriced)
            {
                // The rules may refuse a line (a zero quantity); the amounts are never the reason.
                return result.Errors.All(static e => e.Code is not (PricingErrorCode.AmountOverflow or PricingErrorCode.InvalidField));
            }

            BigInteger over = 0, pre = 0, full = 0;
            if (result.PriceBasis == PriceBasis.SelfPay)
            {
                full = total;
            }
            else
            {
                var limit = Units(result.EffectiveLimit, 6);
                var allowed = BigInteger.Min(c.Price.Units, limit);
                over = RoundDiv((c.Price.Units - allowed) * c.Quantity.Units, BigInteger.Pow(10, 8));
                pre = RoundDiv((total - over) * Units(result.SelfPayRatio, 4), BigInteger.Pow(10, 4));
            }

            var inScope = total - full - over - pre;
            return Fen(result.Total) == total && Fen(result.FullySelfPaid) == full && Fen(result.OverLimit) == over
                && Fen(result.PreSelfPay) == pre && Fen(result.InPolicyScope) == inScope
                && result.FullySelfPaid + result.OverLimit + result.PreSelfPay + result.InPolicyScope == result.Total;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20_000), property);
    }

    [Fact]
    public void At_the_widths_extremes_a_refund_mirrors_its_line()
    {
        var property = Prop.ForAll(Lines(signedQuantity: false).ToArbitrary(), c =>
        {
            RawChargeLine Line(string sign) => new()
            {
                Code = c.Code,
                Quantity = sign + c.Quantity.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                UnitPrice = c.Price.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ServiceTime = "2026-03-03",
                InsuranceType = "310",
                PoolingArea = "141100",
                Origin = "1",
            };
            var sale = Pricer.Price(Line(string.Empty));
            var refund = Pricer.Price(Line("-"));
            if (!sale.IsPriced)
            {
                return !refund.IsPriced && refund.Errors[0].Code == sale.Errors[0].Code;
            }

            return refund.IsPriced && refund.Total == -sale.Total && refund.FullySelfPaid == -sale.FullySelfPaid
                && refund.OverLimit == -sale.OverLimit && refund.PreSelfPay == -sale.PreSelfPay && refund.InPolicyScope == -sale.InPolicyScope;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20_000), property);
    }
}
