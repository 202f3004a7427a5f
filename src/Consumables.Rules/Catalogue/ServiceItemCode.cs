namespace Consumables.Rules.Catalogue;

/// <summary>
/// Reads a medical service item code (医疗服务项目代码) in the forms hospitals bill it, down to the price item a
/// restriction names: the one place a restriction's service item is matched against a billed code.
/// </summary>
/// <remarks>
/// The forms, after surrounding spaces are dropped and letters compared without regard to case:
/// <list type="bullet">
/// <item>the 9-digit price item itself (<c>331501001</c>, 项目编码);</item>
/// <item>the national 15-digit code that embeds it: 2 digits, the 9-digit item, a 4-digit extension for sub-items
/// (<c>003315010010000</c> → <c>331501001</c>; <c>001216000010100</c>, a sub-item of <c>121600001</c>);</item>
/// <item>a composite <c>national-local</c> code: the part before the first <c>-</c> is read as above
/// (<c>003315010010000-A12</c> → <c>331501001</c>);</item>
/// <item>anything else is compared as written (trimmed, case ignored).</item>
/// </list>
/// Both sides are read the same way, so a restriction naming the 15-digit form matches the 9-digit item too.
/// Allocates nothing.
/// </remarks>
internal static class ServiceItemCode
{
    /// <summary>The width of the national service-item code that embeds the 9-digit price item.</summary>
    private const int NationalWidth = 15;

    /// <summary>Returns the price item a billed or named code stands for (a slice of <paramref name="code"/>).</summary>
    /// <param name="code">A service item code in any of the forms above.</param>
    /// <returns>The 9-digit item for the national forms; otherwise the trimmed code; empty for a blank code.</returns>
    internal static ReadOnlySpan<char> ItemOf(ReadOnlySpan<char> code)
    {
        code = code.Trim();
        var dash = code.IndexOf('-');
        if (dash >= 0)
        {
            code = code[..dash].TrimEnd();
        }

        return code.Length == NationalWidth && !code.ContainsAnyExceptInRange('0', '9') ? code.Slice(2, 9) : code;
    }

    /// <summary>Says whether a billed code bills the service item a restriction names (both read by <see cref="ItemOf"/>).</summary>
    /// <param name="named">The service item the restriction names.</param>
    /// <param name="billed">The code billed (a line's <c>service_item_code</c>, or a context line's <c>med_list_codg</c>).</param>
    /// <returns><see langword="true"/> when both stand for the same, non-blank item.</returns>
    internal static bool Matches(ReadOnlySpan<char> named, ReadOnlySpan<char> billed)
    {
        var item = ItemOf(named);
        return !item.IsEmpty && item.Equals(ItemOf(billed), StringComparison.OrdinalIgnoreCase);
    }
}
