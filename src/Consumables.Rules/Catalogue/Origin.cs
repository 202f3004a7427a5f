namespace Consumables.Rules.Catalogue;

/// <summary>Where a product is made (生产地类别, the platform's <c>prodplac_type</c>).</summary>
public enum Origin
{
    /// <summary>Made in China (国产, <c>prodplac_type</c> 1; registration number with 准).</summary>
    Domestic = 1,

    /// <summary>Imported (进口, <c>prodplac_type</c> 2; registration number with 进).</summary>
    Imported = 2,
}
