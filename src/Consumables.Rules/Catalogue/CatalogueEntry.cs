using System.Collections.Immutable;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Catalogue;

/// <summary>
/// An entry of a provincial catalogue (医保医用耗材目录), keyed by a 15-character catalogue code or, at the
/// <see cref="CatalogueLevel.GenericName"/> level, by a 10-character generic-name code (医保通用名码).
/// </summary>
/// <remarks>
/// Immutable; validated when its policy is built. An entry keyed by generic name applies to every catalogue code under
/// it that has no entry of its own: the more specific entry wins.
/// </remarks>
public sealed record CatalogueEntry
{
    /// <summary>
    /// Gets the 15-character catalogue code; for an entry keyed by generic name (<see cref="Level"/>), the generic-name
    /// code followed by <c>00000</c> (no material or feature).
    /// </summary>
    public required CatalogueCode Code { get; init; }

    /// <summary>Gets the level the entry is keyed at; <see cref="CatalogueLevel.CatalogueCode"/> unless set.</summary>
    public CatalogueLevel Level { get; init; }

    /// <summary>Gets the 10-character generic-name code (positions 1–10 of <see cref="Code"/>, 医保通用名码) the entry lies under.</summary>
    public GenericNameClass GenericNameCode => Code.GenericNameClass;

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

    /// <summary>Creates the code an entry keyed by a generic name holds (<see cref="Code"/>): the generic-name code followed by <c>00000</c>.</summary>
    /// <param name="genericName">The 10-character generic-name code.</param>
    /// <returns>The catalogue code to give the entry with <see cref="CatalogueLevel.GenericName"/>.</returns>
    public static CatalogueCode CodeOf(GenericNameClass genericName) => CatalogueCode.OfGenericName(genericName);

    /// <summary>Returns the entry's key as the policy file writes it: 10 characters for a generic name, else 15.</summary>
    internal string KeyText() => KeyText(Code, Level);

    /// <summary>Returns an entry key as the policy file writes it: 10 characters for a generic name, else 15.</summary>
    internal static string KeyText(CatalogueCode code, CatalogueLevel level) =>
        level == CatalogueLevel.GenericName ? code.GenericNameClass.ToString() : code.ToString();
}

/// <summary>A restricted-use condition (限定支付条件): its text, and the medical service items in which the item is payable.</summary>
public sealed record Restriction
{
    /// <summary>Gets the condition's text as the catalogue states it.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the medical service item codes in which the item is payable (may be empty: then only an approval makes it payable).</summary>
    public ImmutableArray<string> ServiceItems { get; init; } = [];

    /// <summary>
    /// Says whether a line's service item is one the restriction names, in any form hospitals bill it (the 9-digit item,
    /// the national 15-digit code embedding it, a composite <c>national-local</c> code; spaces and case ignored);
    /// allocates nothing.
    /// </summary>
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
            if (ServiceItemCode.Matches(item, serviceItem))
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
