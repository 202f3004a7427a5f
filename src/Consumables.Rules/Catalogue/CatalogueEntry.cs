using System.Collections.Immutable;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Catalogue;

/// <summary>An entry of a provincial catalogue (医保医用耗材目录), managed by its 15-character catalogue code.</summary>
/// <remarks>Immutable; validated when its policy is built.</remarks>
public sealed record CatalogueEntry
{
    /// <summary>Gets the 15-character catalogue code.</summary>
    public required CatalogueCode Code { get; init; }

    /// <summary>Gets the generic name (医保通用名).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the level-1 class name (一级分类), if given.</summary>
    public string? Level1Name { get; init; }

    /// <summary>Gets the level-2 class name (二级分类), if given.</summary>
    public string? Level2Name { get; init; }

    /// <summary>Gets the level-3 class name (三级分类), if given.</summary>
    public string? Level3Name { get; init; }

    /// <summary>Gets the material and feature text (材质/特征), if given.</summary>
    public string? MaterialFeature { get; init; }

    /// <summary>Gets the payment category (支付类别).</summary>
    public required PaymentCategory Category { get; init; }

    /// <summary>Gets the value class (高值/低值).</summary>
    public required ValueClass ValueClass { get; init; }

    /// <summary>Gets the maximum payment limit per unit in yuan (最高支付限价), if any.</summary>
    public decimal? MaxPaymentLimit { get; init; }

    /// <summary>Gets the restricted-use condition (限定支付条件), if any.</summary>
    public Restriction? Restriction { get; init; }
}

/// <summary>A restricted-use condition (限定支付条件): its text, and the medical service items in which the item is payable.</summary>
public sealed record Restriction
{
    /// <summary>Gets the condition's text as the catalogue states it.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the medical service item codes in which the item is payable (may be empty: then only an approval makes it payable).</summary>
    public ImmutableArray<string> ServiceItems { get; init; } = [];

    /// <summary>Says whether a line's service item is one the restriction names; allocates nothing.</summary>
    /// <param name="serviceItem">The line's medical service item code, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when named.</returns>
    public bool AllowsServiceItem(string? serviceItem)
    {
        if (string.IsNullOrEmpty(serviceItem))
        {
            return false;
        }

        foreach (var item in ServiceItems)
        {
            if (string.Equals(item, serviceItem, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(Restriction? other) =>
        other is not null && Text == other.Text && ServiceItems.SequenceEqual(other.ServiceItems);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Text, ServiceItems.Length);
}
