using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Consumables.Rules.Codes;

/// <summary>
/// A 医保通用名编号: the 6-digit number NHSA gives each generic name (医保通用名), the 3-digit generic-name class (医保通用名
/// 分类, positions 8–10 of a code, for example <c>107</c> 人工关节类) followed by a 3-digit serial within it, for example
/// <c>107403</c> 胫骨平台（初次）. Which codes a number groups is NHSA's classification table's to say
/// (<see cref="Catalogue.GenericName"/>), not the code's: one class prefix holds several generic names.
/// </summary>
/// <remarks>An immutable value over one integer; parsing a span allocates nothing. The default value is <c>000000</c>. Thread-safe.</remarks>
public readonly struct GenericNameNumber : IEquatable<GenericNameNumber>, IComparable<GenericNameNumber>, IComparable, ISpanParsable<GenericNameNumber>, ISpanFormattable
{
    /// <summary>The number of digits of a generic-name number (6).</summary>
    public const int Length = CodeText.GenericNameNumberLength;

    private readonly int _value;

    private GenericNameNumber(int value) => _value = value;

    /// <summary>Gets the 3-digit generic-name class (医保通用名分类, positions 1–3), for example <c>107</c>.</summary>
    public string Class => (_value / 1000).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Gets the 3-digit serial within the class (positions 4–6).</summary>
    public string Serial => (_value % 1000).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Parses a 6-digit generic-name number.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="CodeFormatException">The text is not six ASCII digits.</exception>
    public static GenericNameNumber Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s.AsSpan(), out var number, out var error) ? number : throw error.ToException(s);
    }

    /// <summary>Parses a 6-digit generic-name number from a span.</summary>
    /// <param name="s">The characters.</param>
    /// <returns>The number.</returns>
    /// <exception cref="CodeFormatException">The text is not six ASCII digits.</exception>
    public static GenericNameNumber Parse(ReadOnlySpan<char> s) =>
        TryParse(s, out var number, out var error) ? number : throw error.ToException(s.ToString());

    /// <summary>Tries to parse a 6-digit generic-name number; never throws.</summary>
    /// <param name="s">The text, possibly <see langword="null"/>.</param>
    /// <param name="result">The number when valid.</param>
    /// <returns><see langword="true"/> when the text is six ASCII digits.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out GenericNameNumber result) => TryParse(s.AsSpan(), out result, out _);

    /// <summary>Tries to parse a 6-digit generic-name number from a span; never throws and allocates nothing.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The number when valid.</param>
    /// <returns><see langword="true"/> when the text is six ASCII digits.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out GenericNameNumber result) => TryParse(s, out result, out _);

    /// <summary>Tries to parse a 6-digit generic-name number from a span and says why it failed; never throws.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The number when valid.</param>
    /// <param name="error">Why the text is not valid; <see langword="default"/> on success.</param>
    /// <returns><see langword="true"/> when the text is six ASCII digits.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out GenericNameNumber result, out CodeError error)
    {
        result = default;
        error = default;
        if (s.IsEmpty)
        {
            error = new CodeError(CodeErrorKind.Empty, 0, Length, 0, '\0');
            return false;
        }

        var value = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                error = new CodeError(CodeErrorKind.Whitespace, i + 1, Length, s.Length, s[i]);
                return false;
            }
        }

        if (s.Length != Length)
        {
            error = new CodeError(CodeErrorKind.WrongLength, 0, Length, s.Length, '\0');
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                error = new CodeError(CodeErrorKind.NonDigit, i + 1, Length, s.Length, s[i]);
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        result = new GenericNameNumber(value);
        return true;
    }

    /// <summary>Gets the number as an integer (0–999999).</summary>
    internal int Value => _value;

    internal static GenericNameNumber FromValue(int value) => new(value);

    static GenericNameNumber IParsable<GenericNameNumber>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<GenericNameNumber>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out GenericNameNumber result) => TryParse(s, out result);

    static GenericNameNumber ISpanParsable<GenericNameNumber>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<GenericNameNumber>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out GenericNameNumber result) => TryParse(s, out result);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        if (destination.Length < Length)
        {
            charsWritten = 0;
            return false;
        }

        CodeText.WriteDigits(destination[..Length], (ulong)_value, Length);
        charsWritten = Length;
        return true;
    }

    /// <summary>Returns the 6-digit number.</summary>
    /// <returns>The number's text, with leading zeros.</returns>
    public override string ToString() => _value.ToString("D6", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool Equals(GenericNameNumber other) => _value == other._value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GenericNameNumber other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value;

    /// <summary>Compares numbers in order.</summary>
    /// <param name="other">The other number.</param>
    /// <returns>Negative, zero or positive as this number sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(GenericNameNumber other) => _value.CompareTo(other._value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        GenericNameNumber other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a GenericNameNumber.", nameof(obj)),
    };

    /// <summary>Compares two numbers for equality.</summary>
    public static bool operator ==(GenericNameNumber left, GenericNameNumber right) => left.Equals(right);

    /// <summary>Compares two numbers for inequality.</summary>
    public static bool operator !=(GenericNameNumber left, GenericNameNumber right) => !left.Equals(right);

    /// <summary>Says whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    public static bool operator <(GenericNameNumber left, GenericNameNumber right) => left.CompareTo(right) < 0;

    /// <summary>Says whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    public static bool operator >(GenericNameNumber left, GenericNameNumber right) => left.CompareTo(right) > 0;

    /// <summary>Says whether <paramref name="left"/> sorts before or with <paramref name="right"/>.</summary>
    public static bool operator <=(GenericNameNumber left, GenericNameNumber right) => left.CompareTo(right) <= 0;

    /// <summary>Says whether <paramref name="left"/> sorts after or with <paramref name="right"/>.</summary>
    public static bool operator >=(GenericNameNumber left, GenericNameNumber right) => left.CompareTo(right) >= 0;
}
