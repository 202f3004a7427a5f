using System.Collections.Immutable;
using System.Text;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Catalogue;

/// <summary>
/// A 医保通用名 as NHSA's classification table (医保医用耗材分类与代码数据库) publishes it: a 6-digit number (医保通用名编号:
/// the 3-digit 通用名分类 and a 3-digit serial), a name, and the codes it groups — 15-character catalogue codes whose every
/// product it names, and 20-character classification-and-manufacturer codes where the table splits a catalogue code
/// between names. For example 107403 胫骨平台（初次） groups features 111, 112 and 114 of two materials, and 107404
/// 胫骨平台（翻修、肿瘤） four others, all under one class prefix.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. <see cref="Compose"/> keeps the naming rule for authors without the table:
/// 「原则上以三级分类名称前置，根据医保管理需要选取必要的材质和特征参数后置，形成"医保通用名"」 — the level-3 class name first,
/// then the material and feature parameters in full-width parentheses, separated by <c>/</c> (接骨板（纯钛/肱骨）).
/// </remarks>
public sealed class GenericName
{
    /// <summary>Initializes a new instance of the <see cref="GenericName"/> class.</summary>
    /// <param name="number">The 6-digit 医保通用名编号.</param>
    /// <param name="name">The name (医保通用名).</param>
    /// <param name="catalogueCodes">The 15-character codes every product of which the name groups.</param>
    /// <param name="manufacturerCodes">The 20-character codes the name groups where the table splits a 15-character code.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or blank.</exception>
    public GenericName(GenericNameNumber number, string name, IEnumerable<CatalogueCode>? catalogueCodes = null, IEnumerable<ManufacturerCode>? manufacturerCodes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Number = number;
        Name = name;
        CatalogueCodes = [.. (catalogueCodes ?? []).Distinct().Order()];
        ManufacturerCodes = [.. (manufacturerCodes ?? []).Distinct().Order()];
    }

    /// <summary>Gets the 6-digit number (医保通用名编号).</summary>
    public GenericNameNumber Number { get; }

    /// <summary>Gets the name (医保通用名), for example 胫骨平台（初次）.</summary>
    public string Name { get; }

    /// <summary>Gets the 15-character member codes, in order: the name covers every product under each.</summary>
    public ImmutableArray<CatalogueCode> CatalogueCodes { get; }

    /// <summary>Gets the 20-character member codes, in order: the name covers every product of that manufacturer under that class.</summary>
    public ImmutableArray<ManufacturerCode> ManufacturerCodes { get; }

    /// <summary>Says whether the name groups a code: its 15-character or its 20-character prefix is a member.</summary>
    /// <param name="code">The 27-character code.</param>
    /// <returns><see langword="true"/> when a member.</returns>
    public bool Contains(ConsumableCode code) =>
        CatalogueCodes.BinarySearch(code.CatalogueCode) >= 0 || ManufacturerCodes.BinarySearch(code.ManufacturerCode) >= 0;

    /// <inheritdoc />
    public override string ToString() => $"{Number} {Name}";

    /// <summary>Composes a generic name from its level-3 class name and the chosen material and feature parameters.</summary>
    /// <param name="level3Name">The level-3 class name (三级分类名称), placed first.</param>
    /// <param name="materialAndFeatures">The material and feature parameters (材质、特征参数), in order; empty, blank and repeated ones are left out.</param>
    /// <returns>The level-3 name alone when no parameter remains; else the name followed by the parameters in full-width parentheses, separated by <c>/</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="level3Name"/> is null, empty or blank.</exception>
    public static string Compose(string level3Name, params ReadOnlySpan<string?> materialAndFeatures)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(level3Name);
        var name = new StringBuilder(level3Name.Trim());
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in materialAndFeatures)
        {
            var text = part?.Trim();
            if (string.IsNullOrEmpty(text) || !used.Add(text))
            {
                continue;
            }

            name.Append(used.Count == 1 ? '（' : '/').Append(text);
        }

        return used.Count == 0 ? name.ToString() : name.Append('）').ToString();
    }

    /// <summary>Says whether an entry's name follows the rule's first part: it begins with the entry's level-3 class name (its name part, for a label in NHSA's form <c>NN-名称</c>).</summary>
    /// <param name="entry">The catalogue entry.</param>
    /// <returns><see langword="true"/> when the name begins with the level-3 name, or when the entry gives no level-3 name to check against.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is <see langword="null"/>.</exception>
    public static bool BeginsWithLevel3Name(CatalogueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return string.IsNullOrWhiteSpace(entry.Level3Name)
            || (entry.Name ?? string.Empty).AsSpan().TrimStart().StartsWith(LabelName(entry.Level3Name.AsSpan().Trim()), StringComparison.Ordinal);
    }

    /// <summary>The name of a label in NHSA's form <c>NN-名称</c> (<c>16-接骨板</c> → <c>接骨板</c>); a label without the number as it is.</summary>
    private static ReadOnlySpan<char> LabelName(ReadOnlySpan<char> label)
    {
        var dash = label.IndexOf('-');
        return dash > 0 && !label[..dash].ContainsAnyExcept("0123456789") ? label[(dash + 1)..].Trim() : label;
    }
}
