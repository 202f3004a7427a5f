using System.Reflection;
using Consumables.Rules.Codes;
using Consumables.Rules.Testing;

namespace Consumables.Rules.Tests.Api;

/// <summary>
/// Locks each package's public surface: the reflected listing must equal the reviewed file under docs/api/. To accept
/// a deliberate change, run the tests with <c>UPDATE_PUBLIC_API=1</c> and review the diff of docs/api/.
/// </summary>
public class PublicApiTests
{
    public static TheoryData<string> Packages => new() { "Consumables.Rules", "Consumables.Rules.Testing", "Consumables.Rules.NRules" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Public_api_matches_the_reviewed_listing(string package)
    {
        var actual = PublicApiListing.For(AssemblyOf(package));
        var expected = Repository.Reviewed(Path.Combine("docs", "api", package + ".txt"), actual, "UPDATE_PUBLIC_API");
        Assert.True(expected == actual, $"The public API of {package} changed. Review the difference, then run the tests with UPDATE_PUBLIC_API=1 to accept it.\n{FirstDifference(expected, actual)}");
    }

    /// <summary>The assembly of a package, by the package's name.</summary>
    internal static Assembly AssemblyOf(string package) => package switch
    {
        "Consumables.Rules" => typeof(ConsumableCode).Assembly,
        "Consumables.Rules.NRules" => typeof(Consumables.Rules.NRules.NRulesPricing).Assembly,
        _ => typeof(CodeGenerators).Assembly,
    };

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var removed = e.Except(a).Take(10).Select(l => "- " + l);
        var added = a.Except(e).Take(10).Select(l => "+ " + l);
        return string.Join('\n', removed.Concat(added));
    }
}
