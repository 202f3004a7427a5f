using Consumables.Rules.Catalogue;

namespace Consumables.Rules.Tests.Pricing;

/// <summary>A restriction's service item is matched in every form hospitals bill it, by one function.</summary>
public class ServiceItemCodeTests
{
    [Theory]
    [InlineData("331501001", "331501001")]                 // the 9-digit price item itself
    [InlineData("003315010010000", "331501001")]           // national 15-digit: 2 digits + the item + a 4-digit extension
    [InlineData("001216000010100", "121600001")]           // a sub-item of 121600001
    [InlineData("003315010010000-HZ0012", "331501001")]    // composite national-local
    [InlineData("331501001-HZ0012", "331501001")]
    [InlineData("  003315010010000 ", "331501001")]        // surrounding spaces
    [InlineData("hza12345", "hza12345")]                   // any other form is compared as written
    [InlineData("00331501001000", "00331501001000")]       // 14 digits is not the national form
    [InlineData("   ", "")]
    public void ItemOf_reads_each_form_down_to_its_price_item(string code, string item) =>
        Assert.Equal(item, ServiceItemCode.ItemOf(code).ToString());

    [Theory]
    [InlineData("331501001", "003315010010000", true)]
    [InlineData("121600001", "001216000010100", true)]
    [InlineData("331501001", "003315010010000-A12", true)]
    [InlineData("331501001", " 331501001 ", true)]
    [InlineData("HZA12345", "hza12345", true)]
    [InlineData("003315010010000", "331501001", true)]     // both sides are read alike
    [InlineData("331501001", "003315010020000", false)]
    [InlineData("331501001", "331501002", false)]
    [InlineData("331501001", "", false)]
    [InlineData("", "", false)]
    public void Matches_compares_the_items_both_codes_stand_for(string named, string billed, bool matches) =>
        Assert.Equal(matches, ServiceItemCode.Matches(named, billed));

    [Fact]
    public void A_restriction_allows_its_service_item_in_the_national_form()
    {
        var restriction = new Restriction { Text = "限开放手术使用", ServiceItems = ["331501001"] };

        Assert.True(restriction.AllowsServiceItem("003315010010000"));
        Assert.False(restriction.AllowsServiceItem("003315020020000"));
    }
}
