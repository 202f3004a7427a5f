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

    /// <summary>Fully self-paid: a service item the entry may not be billed with is billed in the visit (不能与…同时收取).</summary>
    SelfPayNotTogether,

    /// <summary>Fully self-paid: the patient conditions of the restriction are not met, or cannot be checked and the line is not approved.</summary>
    SelfPayConditions,

    /// <summary>Fully self-paid: a high-value entry outside procurement has no settlement median, and the policy makes such lines self-paid (<c>noMedian: selfPay</c>).</summary>
    SelfPayNoMedian,

    /// <summary>Fully self-paid: a user rule decided so (<see cref="PricedLine.MakeSelfPaid"/>).</summary>
    SelfPayByRule,
}

/// <summary>Whether a line meets the patient conditions of a <see cref="Catalogue.RestrictionKind.Conditions"/> restriction (a fact the pricer looks up).</summary>
public enum ConditionsStatus
{
    /// <summary>Not known: a condition the restriction states is one the line does not supply (age, diagnosis, <c>med_type</c>), and none supplied fails; the hospital's approval decides.</summary>
    Unknown = 0,

    /// <summary>Every condition the restriction states is supplied by the line and holds.</summary>
    Met,

    /// <summary>A condition the line supplies does not hold.</summary>
    Unmet,
}

/// <summary>How a line's product stands in the policy's product registry (a fact the pricer looks up).</summary>
public enum ProductRegistration
{
    /// <summary>The registry holds no product under the line's catalogue code: nothing to check.</summary>
    NoProductsOnFile = 0,

    /// <summary>The 27-character code is registered.</summary>
    Registered,

    /// <summary>The registry holds products under the catalogue code, and this code is not among them (不得串换).</summary>
    Unregistered,
}
