namespace Consumables.Rules.Catalogue;

/// <summary>What a restricted-use condition (限定支付条件) does to a line, as the catalogue's wording says.</summary>
public enum RestrictionKind
{
    /// <summary>
    /// Payable only within the named medical service items, or with the hospital's approval (限…使用), as the platform pays a
    /// restricted line (<c>lmt_used_flag</c> 1) only when <c>hosp_appr_flag</c> is 1. A restriction without a kind means this.
    /// </summary>
    LimitedTo = 0,

    /// <summary>
    /// Payable unless a named medical service item is billed in the same visit (不能与…同时收取); then fully self-paid, with
    /// the warning <c>not-together-with</c>.
    /// </summary>
    NotTogetherWith,

    /// <summary>
    /// Payable for patients meeting the conditions the text states (限：1.… — age bounds, diagnosis codes, <c>med_type</c>):
    /// checked where the line supplies them; where it does not, the hospital's approval decides.
    /// </summary>
    Conditions,

    /// <summary>Text only (说明): no effect on payment; shown in the trace.</summary>
    Note,
}
