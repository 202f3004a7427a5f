namespace Consumables.Rules;

/// <summary>How the payment standard of a line was decided (支付标准), reported as <c>price_basis</c>.</summary>
public enum PriceBasis
{
    /// <summary>No basis: the line was not priced (it has errors).</summary>
    None = 0,

    /// <summary>A volume-based procurement winner (集采中选): the standard is its winning price (<c>procurement-winner</c>).</summary>
    ProcurementWinner,

    /// <summary>A non-winner in a procurement group: limited by the group's highest winning price (<c>procurement-group</c>).</summary>
    ProcurementGroup,

    /// <summary>Another high-value item: limited by the settlement median (<c>settlement-median</c>).</summary>
    SettlementMedian,

    /// <summary>Another low-value item, or a high-value item with no median on file: the actual price (<c>actual-price</c>).</summary>
    ActualPrice,

    /// <summary>Fully self-paid: not listed, class C, restricted and not payable, or rejected by the hospital (<c>self-pay</c>).</summary>
    SelfPay,
}
