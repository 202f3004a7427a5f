namespace Consumables.Rules;

/// <summary>
/// Why a field the platform returned differs from the rules' own figure. Each value has a stable kebab-case name used in
/// output (<see cref="FieldComparison.CauseName"/>).
/// </summary>
public enum DifferenceCause
{
    /// <summary>The platform's total is not quantity × price as the rules compute it (<c>total</c>).</summary>
    Total = 1,

    /// <summary>The platform's charge item level (<c>chrgitm_lv</c>, 收费项目等级) differs from the entry's payment category (<c>category</c>).</summary>
    Category,

    /// <summary>The platform's limit (<c>pric_uplmt_amt</c>) differs from the effective limit the rules chose (<c>limit</c>).</summary>
    Limit,

    /// <summary>The platform's ratio (<c>selfpay_prop</c>) differs from the pre-self-pay row the rules used (<c>ratio</c>).</summary>
    Ratio,

    /// <summary>A one-fen difference that another rounding (half-even, or another order of rounding) reproduces (<c>rounding</c>).</summary>
    Rounding,

    /// <summary>The line is unknown to the rules' policy: its code is not listed, or no policy is in force on its date (<c>unknown</c>).</summary>
    Unknown,

    /// <summary>None of the other causes reproduces the platform's figure (<c>unexplained</c>).</summary>
    Unexplained,
}
