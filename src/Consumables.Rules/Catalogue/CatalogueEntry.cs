using System.Collections.Immutable;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Catalogue;

/// <summary>
/// An entry of a provincial catalogue (医保医用耗材目录), keyed by a 15-character catalogue code, by a 6-digit 医保通用名编号
/// (<see cref="CatalogueLevel.GenericNameNumber"/>) or, where the policy allows it, by a 10-character class prefix
/// (<see cref="CatalogueLevel.ClassPrefix"/>).
/// </summary>
/// <remarks>
/// Immutable; validated when its policy is built. The 15-character entry of a code wins over the entry of its generic-name
/// number, which wins over the entry of its class prefix.
/// </remarks>
public sealed record CatalogueEntry
{
    /// <summary>
    /// Gets the 15-character catalogue code; for an entry keyed by class prefix (<see cref="Level"/>), the prefix followed
    /// by <c>00000</c>; for an entry keyed by generic-name number, the value <see cref="CodeOf(GenericNameNumber)"/> gives.
    /// </summary>
    public required CatalogueCode Code { get; init; }

    /// <summary>Gets the level the entry is keyed at; <see cref="CatalogueLevel.CatalogueCode"/> unless set.</summary>
    public CatalogueLevel Level { get; init; }

    /// <summary>Gets the 10-character class prefix (positions 1–10 of <see cref="Code"/>) the entry lies under; meaningless for an entry keyed by generic-name number.</summary>
    public GenericNameClass ClassPrefix => Code.GenericNameClass;

    /// <summary>Gets the 6-digit 医保通用名编号 of an entry keyed by it, else <see langword="null"/>.</summary>
    public GenericNameNumber? GenericNameNumber => Level == CatalogueLevel.GenericNameNumber ? Codes.GenericNameNumber.FromValue((int)Code.Number) : null;

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

    /// <summary>Creates the code an entry keyed by a class prefix holds (<see cref="Code"/>): the prefix followed by <c>00000</c>.</summary>
    /// <param name="classPrefix">The 10-character class prefix.</param>
    /// <returns>The catalogue code to give the entry with <see cref="CatalogueLevel.ClassPrefix"/>.</returns>
    public static CatalogueCode CodeOf(GenericNameClass classPrefix) => CatalogueCode.OfGenericName(classPrefix);

    /// <summary>
    /// Creates the code an entry keyed by a generic-name number holds (<see cref="Code"/>): <c>C</c>, eight zeros and the
    /// number, a code no class uses (level 1 is never <c>00</c>), so keys of both kinds never collide.
    /// </summary>
    /// <param name="number">The 6-digit 医保通用名编号.</param>
    /// <returns>The catalogue code to give the entry with <see cref="CatalogueLevel.GenericNameNumber"/>.</returns>
    public static CatalogueCode CodeOf(GenericNameNumber number) => CatalogueCode.FromDigits((ulong)number.Value);

    /// <summary>Returns the entry's key as the policy file writes it: 6 digits, 10 or 15 characters by level.</summary>
    internal string KeyText() => KeyText(Code, Level);

    /// <summary>Returns an entry key as the policy file writes it: 6 digits, 10 or 15 characters by level.</summary>
    internal static string KeyText(CatalogueCode code, CatalogueLevel level) => level switch
    {
        CatalogueLevel.ClassPrefix => code.GenericNameClass.ToString(),
        CatalogueLevel.GenericNameNumber => Codes.GenericNameNumber.FromValue((int)code.Number).ToString(),
        _ => code.ToString(),
    };
}

/// <summary>
/// A restricted-use condition (限定支付条件): its text, its kind (<see cref="RestrictionKind"/>), the medical service items it
/// names and, for <see cref="RestrictionKind.Conditions"/>, the patient conditions it states.
/// </summary>
public sealed record Restriction
{
    /// <summary>Gets the condition's text as the catalogue states it.</summary>
    public required string Text { get; init; }

    /// <summary>Gets what the restriction does to a line; <see cref="RestrictionKind.LimitedTo"/> unless set.</summary>
    public RestrictionKind Kind { get; init; }

    /// <summary>
    /// Gets the medical service item codes it names: those in which the item is payable (<see cref="RestrictionKind.LimitedTo"/>;
    /// empty: only an approval makes it payable), or those it may not be billed with (<see cref="RestrictionKind.NotTogetherWith"/>).
    /// </summary>
    public ImmutableArray<string> ServiceItems { get; init; } = [];

    /// <summary>Gets the youngest age in years the conditions allow (inclusive), if stated.</summary>
    public int? MinAge { get; init; }

    /// <summary>Gets the oldest age in years the conditions allow (inclusive: 7岁以下 includes 7), if stated.</summary>
    public int? MaxAge { get; init; }

    /// <summary>Gets the diagnosis-code prefixes (ICD-10, such as <c>H90</c>) of which the patient's diagnosis must start with one, if stated.</summary>
    public ImmutableArray<string> Diagnoses { get; init; } = [];

    /// <summary>Gets the medical types (<c>med_type</c>) the conditions allow, if stated.</summary>
    public ImmutableArray<MedicalType> MedicalTypes { get; init; } = [];

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
        other is not null && Text == other.Text && Kind == other.Kind && ServiceItems.SequenceEqual(other.ServiceItems)
        && MinAge == other.MinAge && MaxAge == other.MaxAge && Diagnoses.SequenceEqual(other.Diagnoses) && MedicalTypes.SequenceEqual(other.MedicalTypes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Text, Kind, ServiceItems.Length);
}
