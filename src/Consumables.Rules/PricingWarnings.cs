namespace Consumables.Rules;

/// <summary>Warnings a priced line can carry; a set of flags, so a result carries them without allocating.</summary>
[Flags]
public enum PricingWarnings
{
    /// <summary>No warning.</summary>
    None = 0,

    /// <summary>The code is not in the catalogue: the line is fully self-paid (<c>not-listed</c>).</summary>
    NotListed = 1,

    /// <summary>The code was recoded by NHSA and priced under its new code (<c>recoded</c>).</summary>
    Recoded = 2,

    /// <summary>A high-value item with no settlement median on file was priced without a basis limit (<c>no-settlement-median</c>).</summary>
    NoSettlementMedian = 4,

    /// <summary>The policy holds products under the catalogue code and this 27-character code is not among them (<c>unregistered-product</c>; 不得串换).</summary>
    UnregisteredProduct = 8,

    /// <summary>The line's <c>prodplac_type</c> contradicts the product registry; the registry's origin was used (<c>origin-conflict</c>).</summary>
    OriginConflict = 16,

    /// <summary>The code is not in the policy's catalogue and was priced under its fallback policy, the previous policy the notice keeps for such codes (<c>fallback-policy</c>).</summary>
    FallbackPolicy = 32,

    /// <summary>
    /// The entry may not be billed together with a service item the visit bills (不能与…同时收取): the line is fully
    /// self-paid; the restriction and the trace name the item (<c>not-together-with</c>).
    /// </summary>
    NotTogetherWith = 64,

    /// <summary>The code is listed at neither level of the catalogue and was priced through the policy's default entry (<c>default-entry</c>).</summary>
    DefaultEntry = 128,

    /// <summary>The line is billed above its product's winning price (中选价), which hospitals must sell at; the excess is over-limit (<c>above-winning-price</c>).</summary>
    AboveWinningPrice = 256,

    /// <summary>
    /// A refund names its sale (<c>init_feedetl_sn</c>) but the sale is not in the input: the refund was priced on its
    /// own date, not as the mirror of its sale (<c>refund-unmatched</c>).
    /// </summary>
    RefundUnmatched = 1024,
}
