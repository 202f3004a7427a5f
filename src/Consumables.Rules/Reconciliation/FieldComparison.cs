namespace Consumables.Rules;

/// <summary>
/// One field of a line held against the platform's returned value: both values as the platform writes them (amounts
/// with 2 decimals, <c>pric_uplmt_amt</c> with 6, <c>selfpay_prop</c> with 4) and, when they differ, the cause and a
/// sentence that names the figures behind it.
/// </summary>
/// <remarks>An immutable value.</remarks>
public sealed record FieldComparison
{
    /// <summary>Gets the field, by the platform's name (<c>preselfpay_amt</c>, <c>selfpay_prop</c>, …).</summary>
    public required string Field { get; init; }

    /// <summary>Gets the rules' value, formatted at the field's scale; empty when the rules did not price the line.</summary>
    public required string Ours { get; init; }

    /// <summary>Gets the platform's value, formatted at the field's scale.</summary>
    public required string Platform { get; init; }

    /// <summary>Gets the platform's value minus the rules' for a numeric field both sides have, otherwise <see langword="null"/>.</summary>
    public decimal? Difference { get; init; }

    /// <summary>Gets why the values differ, or <see langword="null"/> when they agree.</summary>
    public DifferenceCause? Cause { get; init; }

    /// <summary>Gets a sentence explaining the cause with the figures that reproduce the platform's value; empty when the values agree.</summary>
    public string Explanation { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether the rules and the platform agree on this field.</summary>
    public bool Agrees => Cause is null;

    /// <summary>Gets the stable kebab-case name of <see cref="Cause"/> (<c>ratio</c>, <c>rounding</c>, …), or empty when the values agree.</summary>
    public string CauseName => Cause is { } cause ? NameOf(cause) : string.Empty;

    /// <summary>Gets the stable kebab-case name of a cause, as written in output.</summary>
    /// <param name="cause">The cause.</param>
    /// <returns><c>total</c>, <c>category</c>, <c>limit</c>, <c>ratio</c>, <c>rounding</c>, <c>unknown</c> or <c>unexplained</c>.</returns>
    public static string NameOf(DifferenceCause cause) => cause switch
    {
        DifferenceCause.Total => "total",
        DifferenceCause.Category => "category",
        DifferenceCause.Limit => "limit",
        DifferenceCause.Ratio => "ratio",
        DifferenceCause.Rounding => "rounding",
        DifferenceCause.Unknown => "unknown",
        _ => "unexplained",
    };
}
