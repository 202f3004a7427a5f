namespace Consumables.Rules.Catalogue;

/// <summary>The level of the national code a catalogue entry is keyed by.</summary>
public enum CatalogueLevel : byte
{
    /// <summary>The 15-character catalogue code (三级分类+通用名+材质特征): the entry applies to the products under that code.</summary>
    CatalogueCode = 0,

    /// <summary>
    /// The 10-character generic-name code (positions 1–10, ending in the 通用名码): the entry applies to every 15-character
    /// code under it that has no entry of its own.
    /// </summary>
    GenericName = 1,

    /// <summary>The policy's default entry (<c>defaultEntry</c>): it applies to a code listed at neither level. Never in a catalogue.</summary>
    Default = 2,
}
