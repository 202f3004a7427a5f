namespace Consumables.Rules.Catalogue;

/// <summary>The key a catalogue entry is listed under.</summary>
public enum CatalogueLevel : byte
{
    /// <summary>The 15-character catalogue code (三级分类+通用名+材质特征): the entry applies to the products under that code.</summary>
    CatalogueCode = 0,

    /// <summary>
    /// The 10-character class prefix (positions 1–10, ending in the 3-digit 通用名分类): the entry applies to every
    /// 15-character code under it that has no entry of its own — codes the province did not list included, which is wider
    /// than the notice allows (「不得…用变通的方法增加目录内医用耗材」). A policy lists such entries only with
    /// <c>allowClassPrefixEntries</c>.
    /// </summary>
    ClassPrefix = 1,

    /// <summary>
    /// The 6-digit 医保通用名编号 (<see cref="Codes.GenericNameNumber"/>): the entry applies to the codes NHSA's classification
    /// table places under that number (<see cref="GenericName"/>) that have no 15-character entry of their own.
    /// </summary>
    GenericNameNumber = 2,

    /// <summary>The policy's default entry (<c>defaultEntry</c>): it applies to a code listed at no other level. Never in a catalogue.</summary>
    Default = 3,
}
