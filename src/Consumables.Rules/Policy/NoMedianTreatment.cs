namespace Consumables.Rules.Policy;

/// <summary>
/// How a policy prices a high-value entry outside volume-based procurement that has no settlement median on file: the
/// notice makes the median the limit (「非集采高值耗材以该种耗材实际结算中位价作为医保支付限价」) and states no case without one,
/// so the policy says (<c>noMedian</c>).
/// </summary>
public enum NoMedianTreatment
{
    /// <summary>Paid on the actual price, within the entry's limit and the item cap, with the warning <c>no-settlement-median</c> (<c>actualPrice</c>).</summary>
    ActualPrice = 0,

    /// <summary>Fully self-paid, with the warning <c>no-settlement-median</c> (<c>selfPay</c>).</summary>
    SelfPay,

    /// <summary>An error on the line, <c>no-settlement-median</c> (<c>reject</c>).</summary>
    Reject,
}
