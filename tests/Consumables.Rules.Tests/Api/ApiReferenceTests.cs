using Consumables.Rules.Codes;
using Consumables.Rules.Eng;

namespace Consumables.Rules.Tests.Api;

/// <summary>
/// Keeps the Markdown API reference (docs/api/*.md, generated from the XML documentation by eng/api-reference) current:
/// run the tests with <c>UPDATE_PUBLIC_API=1</c> to rewrite it after a deliberate change.
/// </summary>
public class ApiReferenceTests
{
    [Theory]
    [MemberData(nameof(PublicApiTests.Packages), MemberType = typeof(PublicApiTests))]
    public void The_api_reference_matches_the_xml_documentation(string package)
    {
        var actual = ApiReference.For(PublicApiTests.AssemblyOf(package));
        var expected = Repository.Reviewed(Path.Combine("docs", "api", package + ".md"), actual, "UPDATE_PUBLIC_API");

        Assert.True(expected == actual, $"docs/api/{package}.md is not the reference of the current XML documentation; run the tests with UPDATE_PUBLIC_API=1 and review the difference.");
    }

    [Fact]
    public void The_reference_documents_the_entry_points_with_their_summaries()
    {
        var reference = ApiReference.For(typeof(ConsumableCode).Assembly);

        Assert.Contains("### Consumables.Rules.ChargeLine", reference, StringComparison.Ordinal);
        Assert.Contains("| `static ChargeLine ServiceItem(string code, decimal quantity, decimal unitPrice, DateOnly serviceDate, string visitId, string chargeItemType = \"06\"", reference, StringComparison.Ordinal);
        Assert.Contains("Creates a context line", reference, StringComparison.Ordinal);
        Assert.Contains("| `PriceBasis PriceBasis` | Gets how the payment standard was decided (`price_basis`).", reference, StringComparison.Ordinal);
        Assert.Contains("| `ProcurementWinner` = ", reference, StringComparison.Ordinal);
    }
}
