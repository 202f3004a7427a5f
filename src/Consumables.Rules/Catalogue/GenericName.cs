using System.Text;

namespace Consumables.Rules.Catalogue;

/// <summary>
/// The naming rule of the generic name (医保通用名): 「原则上以三级分类名称前置，根据医保管理需要选取必要的材质和特征参数后置，
/// 形成"医保通用名"」 — the level-3 class name first, then the material and feature parameters the insurance needs.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. The parameters follow the level-3 name in full-width parentheses, separated by <c>/</c>
/// (接骨板（纯钛/肱骨）), the form of the names in NHSA's generic-name consultations.
/// </remarks>
public static class GenericName
{
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

    /// <summary>Says whether an entry's name follows the rule's first part: it begins with the entry's level-3 class name.</summary>
    /// <param name="entry">The catalogue entry.</param>
    /// <returns><see langword="true"/> when the name begins with the level-3 name, or when the entry gives no level-3 name to check against.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is <see langword="null"/>.</exception>
    public static bool BeginsWithLevel3Name(CatalogueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return string.IsNullOrWhiteSpace(entry.Level3Name)
            || (entry.Name ?? string.Empty).AsSpan().TrimStart().StartsWith(entry.Level3Name.AsSpan().Trim(), StringComparison.Ordinal);
    }
}
