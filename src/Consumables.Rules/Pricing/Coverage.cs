namespace Consumables.Rules.Pricing;

/// <summary>Whether the fund covers a line, and if not, why it is fully self-paid (a fact the coverage rules decide).</summary>
public enum Coverage
{
    /// <summary>Not decided yet.</summary>
    Undecided = 0,

    /// <summary>The fund covers the line within its limits.</summary>
    Payable,

    /// <summary>Fully self-paid: the code is not in the catalogue (目录外).</summary>
    SelfPayNotListed,

    /// <summary>Fully self-paid: class C (丙类).</summary>
    SelfPayClassC,

    /// <summary>Fully self-paid: the hospital rejected the line (医院审批不通过).</summary>
    SelfPayRejected,

    /// <summary>Fully self-paid: restricted use (限定支付) not met and not approved.</summary>
    SelfPayRestricted,

    /// <summary>Fully self-paid: a user rule decided so (<see cref="PricedLine.MakeSelfPaid"/>).</summary>
    SelfPayByRule,
}
