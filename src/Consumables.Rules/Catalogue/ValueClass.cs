namespace Consumables.Rules.Catalogue;

/// <summary>Whether a consumable is high- or low-value (高值/低值), which decides its price basis when not procured.</summary>
public enum ValueClass
{
    /// <summary>Low-value consumable (低值耗材): paid on the actual price.</summary>
    Low = 1,

    /// <summary>High-value consumable (高值耗材): limited by the settlement median when not procured.</summary>
    High = 2,
}
