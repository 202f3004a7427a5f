namespace Consumables.Rules;

/// <summary>The hospital's approval of a restricted item (医院审批标志, the platform's <c>hosp_appr_flag</c>).</summary>
public enum HospitalApproval
{
    /// <summary>No approval needed or none given (<c>0</c>).</summary>
    None = 0,

    /// <summary>Approved (<c>1</c>): a restricted item is payable.</summary>
    Approved = 1,

    /// <summary>Rejected (<c>2</c>): the line is fully self-paid.</summary>
    Rejected = 2,
}
