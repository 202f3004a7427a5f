using System.Text;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Tests.Policy;

public class PolicyFileTests
{
    private static PolicyLoadResult Load(string json) => PolicyVersion.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static string Minimal(string catalogue = "[]", string extra = "") => $$"""
        { "format": "consumables-policy/1", "id": "t1", "province": "140000", "effectiveFrom": "2026-01-01", "itemCap": 50000.00,
          "catalogue": {{catalogue}} {{extra}} }
        """;

    private const string Entry = """{ "code": "C03111608002007", "name": "儿童骨板", "category": "B", "valueClass": "high", "maxPaymentLimit": 1000.00 }""";

    [Fact]
    public void The_embedded_default_is_the_Shanxi_batch_1_sample()
    {
        var p = PolicyVersion.Default;

        Assert.Equal("sx-2026-b1", p.Id);
        Assert.Contains("sample", p.Title, StringComparison.Ordinal);
        Assert.Equal("140000", p.Province.ToString());
        Assert.Equal(new DateOnly(2026, 1, 1), p.EffectiveFrom);
        Assert.Equal(50_000m, p.ItemCap);
        Assert.Equal(
            [(InsuranceType.Employee, "141100", (Origin?)Origin.Domestic, PaymentCategory.B, 0.10m), (InsuranceType.Employee, "141100", Origin.Imported, PaymentCategory.B, 0.15m)],
            p.PreSelfPay.Rows.Select(static r => (r.InsuranceType, r.Area.ToString(), r.Origin, r.Category, r.Ratio)));
        Assert.DoesNotContain(p.PreSelfPay.Rows, static r => r.InsuranceType == InsuranceType.Resident);
    }

    [Fact]
    public void The_old_default_file_still_loads_as_a_fixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Policy", "Fixtures", "sx-2026-b1.v1.json");

        var p = PolicyVersion.LoadFile(path);

        // Today's default, but for the field added since: the residents' ratio declared province-wide.
        Assert.Equal(PolicyBuilder.From(PolicyVersion.Default).WithResidentRatioProvinceWide(false).WithNoMedian(null).Build().ToJson(), p.ToJson());
    }

    [Fact]
    public void Writing_the_default_back_round_trips_exactly()
    {
        var json = PolicyVersion.Default.ToJson();

        var again = Load(json).GetValueOrThrow();

        Assert.Equal(json, again.ToJson());
        Assert.True(PolicyDiff.Compare(PolicyVersion.Default, again).IsEmpty);
    }

    [Theory]
    [InlineData("""{ "code": "C0311160800200", "name": "x", "category": "B", "valueClass": "high" }""", "$.catalogue[0].code")]
    [InlineData("""{ "code": "C03111608002007", "name": "x", "category": "D", "valueClass": "high" }""", "$.catalogue[0].category")]
    [InlineData("""{ "code": "C03111608002007", "name": "x", "category": "B", "valueClass": "mid" }""", "$.catalogue[0].valueClass")]
    [InlineData("""{ "code": "C03111608002007", "name": "x", "category": "B", "valueClass": "high", "maxPaymentLimit": 60000 }""", "$.catalogue[0].maxPaymentLimit")]
    [InlineData("""{ "code": "C03111608002007", "name": "x", "category": "B", "valueClass": "high", "maxPaymentLimit": "1000" }""", "$.catalogue[0].maxPaymentLimit")]
    [InlineData("""{ "code": "C03111608002007", "name": "x", "category": "B", "valueClass": "high", "colour": "red" }""", "$.catalogue[0].colour")]
    [InlineData("""{ "code": "C03111608002007", "name": "", "category": "B", "valueClass": "high" }""", "$.catalogue[0].name")]
    [InlineData("""{ "code": "C03111608002007", "name": "x", "name": "y", "category": "B", "valueClass": "high" }""", "$.catalogue[0].name")]
    [InlineData("""{ "code": "C03111608002007", "name": "x", "category": "B", "valueClass": "high", "restriction": { "text": "" } }""", "$.catalogue[0].restriction.text")]
    public void A_bad_catalogue_entry_is_reported_at_its_path(string entry, string path)
    {
        var result = Load(Minimal($"[{entry}]"));

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == path);
    }

    [Theory]
    [InlineData(""", "products": [ { "code": "C031116080020070641000000011", "origin": "domestic" } ]""", "$.products[0].code")]
    [InlineData(""", "products": [ { "code": "C03111608002007064100000001", "origin": "mars" } ]""", "$.products[0].origin")]
    [InlineData(""", "products": [ { "code": "C03111608002007064100000001" }, { "code": "C03111608002007064100000001" } ]""", "$.products[1].code")]
    [InlineData(""", "recoding": [ { "from": "C03111608002007064100000001", "to": "C03111608002007064100000001" } ]""", "$.recoding[0].to")]
    [InlineData(""", "recoding": [ { "from": "C03111608002007064100000001", "to": "C03111608002007064100000002" }, { "from": "C03111608002007064100000002", "to": "C03111608002007064100000001" } ]""", "$.recoding[0]")]
    [InlineData(""", "procurement": [ { "group": "G", "catalogueCodes": ["C03111608002007"], "winners": [ { "product": "C01010100101001047440000001", "price": 500 } ] } ]""", "$.procurement[0].winners[0].product")]
    [InlineData(""", "procurement": [ { "group": "G", "catalogueCodes": ["C03111608002007"], "winners": [ { "product": "C03111608002007064100000001", "price": 50000.01 } ] } ]""", "$.procurement[0].winners[0].price")]
    [InlineData(""", "settlementMedians": [ { "code": "C03111608002007", "median": 900, "from": "2025-12-31", "to": "2025-01-01" } ]""", "$.settlementMedians[0].to")]
    [InlineData(""", "settlementMedians": [ { "code": "C03111608002007", "median": 900, "from": "2025-01-01", "to": "2025-12-31" }, { "code": "C03111608002007", "median": 800, "from": "2025-01-01", "to": "2025-12-31" } ]""", "$.settlementMedians[1].code")]
    [InlineData(""", "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 1.2 } ]""", "$.preSelfPay[0].ratio")]
    [InlineData(""", "preSelfPay": [ { "insutype": "320", "area": "141100", "origin": null, "category": "B", "ratio": 0.1 } ]""", "$.preSelfPay[0].insutype")]
    [InlineData(""", "preSelfPay": [ { "insutype": "310", "area": "110100", "origin": null, "category": "B", "ratio": 0.1 } ]""", "$.preSelfPay[0].area")]
    [InlineData(""", "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.1 }, { "insutype": "310", "area": "141100", "origin": "domestic", "category": "B", "ratio": 0.2 } ]""", "$.preSelfPay[1]")]
    [InlineData(""", "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.1, "minUnitPrice": 100, "maxUnitPrice": 100 } ]""", "$.preSelfPay[0].maxUnitPrice")]
    [InlineData(""", "effectiveTo": "2025-06-30" """, "$.effectiveTo")]
    public void Every_other_validation_is_reported_at_its_path(string extra, string path)
    {
        var result = Load(Minimal($"[{Entry}]", extra));

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == path);
    }

    [Fact]
    public void Banded_rows_that_do_not_overlap_are_valid()
    {
        var result = Load(Minimal($"[{Entry}]", """, "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.1, "maxUnitPrice": 1000 }, { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": 0.2, "minUnitPrice": 1000 } ]"""));

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var table = result.Policy!.PreSelfPay;
        var area = AdministrativeDivision.Parse("141100");
        Assert.Equal(0.1m, table.Find(InsuranceType.Employee, area, null, PaymentCategory.B, 999.99m).Ratio);
        Assert.Equal(0.2m, table.Find(InsuranceType.Employee, area, null, PaymentCategory.B, 1000m).Ratio);
    }

    [Fact]
    public void A_file_with_n_independent_problems_reports_n()
    {
        var entries = """
            [ { "code": "C0311", "name": "x", "category": "B", "valueClass": "high" },
              { "code": "C03111608002007", "name": "x", "category": "Z", "valueClass": "high" },
              { "code": "C01010100101001", "name": "y", "category": "B", "valueClass": "high", "maxPaymentLimit": 70000 } ]
            """;

        var result = Load(Minimal(entries, """, "preSelfPay": [ { "insutype": "310", "area": "141100", "origin": null, "category": "B", "ratio": -0.1 } ]"""));

        Assert.Equal(4, result.Problems.Count);
    }

    [Fact]
    public void Wrong_types_and_unknown_fields_are_all_reported_at_once()
    {
        var result = Load("""{ "format": "consumables-policy/1", "id": 7, "province": "140000", "effectiveFrom": "2026-13-01", "itemCap": "lots", "catalogue": {}, "extra": true }""");

        Assert.Equal(["$.catalogue", "$.effectiveFrom", "$.extra", "$.id", "$.itemCap"], result.Problems.Select(static p => p.Path).Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1, 2]")]
    [InlineData("{ \"format\": \"consumables-policy/1\", \"id\": \"x\", \"itemCap\": 1e400 }")]
    public void Broken_json_is_a_problem_not_an_exception(string json)
    {
        var result = Load(json);

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_a_stack_overflow()
    {
        var json = new string('[', 200_000) + new string(']', 200_000);

        var result = Load(json);

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Product_origin_is_derived_from_the_registration_number()
    {
        Assert.Equal(Origin.Imported, new Product { Code = ConsumableCode.Parse("C03111608002007064100000001"), Registration = "国械注进20173460001" }.Origin);
        Assert.Equal(Origin.Domestic, new Product { Code = ConsumableCode.Parse("C03111608002007064100000001"), Registration = "国械注准20193130123" }.Origin);
        Assert.Null(new Product { Code = ConsumableCode.Parse("C03111608002007064100000001"), Registration = "备案号" }.Origin);
    }
}
