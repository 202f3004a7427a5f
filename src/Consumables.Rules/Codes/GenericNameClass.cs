using System.Diagnostics.CodeAnalysis;

namespace Consumables.Rules.Codes;

/// <summary>
/// A 10-character class prefix (positions 1–10 of a consumable code: three classification levels and the 3-digit
/// 医保通用名分类, for example 001 支架类), for example <c>C031116080</c>. It is a class, not a generic name: the 医保通用名
/// under one prefix are told apart by NHSA's <see cref="GenericNameNumber"/>.
/// </summary>
/// <remarks>An immutable value over one integer; parsing a span allocates nothing. Thread-safe.</remarks>
public readonly struct GenericNameClass : IEquatable<GenericNameClass>, IComparable<GenericNameClass>, IComparable, ISpanParsable<GenericNameClass>, ISpanFormattable
{
    /// <summary>The number of characters of a generic-name class (10).</summary>
    public const int Length = CodeText.GenericNameLength;

    private const int Digits = Length - 1;

    private readonly ulong _digits;

    private GenericNameClass(ulong digits) => _digits = digits;

    /// <summary>Says whether a catalogue code belongs to this generic-name class.</summary>
    /// <param name="code">The catalogue code.</param>
    /// <returns><see langword="true"/> when <paramref name="code"/> starts with this class.</returns>
    public bool Contains(CatalogueCode code) => code.GenericNameClass == this;

    /// <summary>Says whether a consumable code belongs to this generic-name class.</summary>
    /// <param name="code">The consumable code.</param>
    /// <returns><see langword="true"/> when <paramref name="code"/> starts with this class.</returns>
    public bool Contains(ConsumableCode code) => code.GenericNameClass == this;

    /// <summary>Parses a 10-character generic-name class.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="CodeFormatException">The text is not valid.</exception>
    public static GenericNameClass Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s.AsSpan(), out var code, out var error) ? code : throw error.ToException(s);
    }

    /// <summary>Parses a 10-character generic-name class from a span.</summary>
    /// <param name="s">The characters.</param>
    /// <returns>The class.</returns>
    /// <exception cref="CodeFormatException">The text is not valid.</exception>
    public static GenericNameClass Parse(ReadOnlySpan<char> s) =>
        TryParse(s, out var code, out var error) ? code : throw error.ToException(s.ToString());

    /// <summary>Tries to parse a 10-character generic-name class; never throws.</summary>
    /// <param name="s">The text, possibly <see langword="null"/>.</param>
    /// <param name="result">The class when valid.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out GenericNameClass result) => TryParse(s.AsSpan(), out result, out _);

    /// <summary>Tries to parse a 10-character generic-name class from a span; never throws and allocates nothing.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The class when valid.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out GenericNameClass result) => TryParse(s, out result, out _);

    /// <summary>Tries to parse a 10-character generic-name class from a span and says why it failed; never throws.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The class when valid.</param>
    /// <param name="error">Why the text is not valid; <see langword="default"/> on success.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out GenericNameClass result, out CodeError error)
    {
        result = CodeText.TryCheck(s, Length, out error) ? new GenericNameClass(CodeText.Digits(s, 1, Length)) : default;
        return error.Kind == 0;
    }

    internal static GenericNameClass FromDigits(ulong digits) => new(digits);

    /// <summary>Gets the class's nine digits as one integer.</summary>
    internal ulong Number => _digits;

    static GenericNameClass IParsable<GenericNameClass>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<GenericNameClass>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out GenericNameClass result) => TryParse(s, out result);

    static GenericNameClass ISpanParsable<GenericNameClass>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<GenericNameClass>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out GenericNameClass result) => TryParse(s, out result);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        CodeText.TryFormat(destination, out charsWritten, _digits, Digits, 0, 0);

    /// <summary>Returns the 10-character class.</summary>
    /// <returns>The class text.</returns>
    public override string ToString() => string.Create(Length, _digits, static (span, d) => CodeText.TryFormat(span, out _, d, Digits, 0, 0));

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool Equals(GenericNameClass other) => _digits == other._digits;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GenericNameClass other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _digits.GetHashCode();

    /// <summary>Compares classes in ordinal order of their text.</summary>
    /// <param name="other">The other class.</param>
    /// <returns>Negative, zero or positive as this class sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(GenericNameClass other) => _digits.CompareTo(other._digits);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        GenericNameClass other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a GenericNameClass.", nameof(obj)),
    };

    /// <summary>Compares two classes for equality.</summary>
    public static bool operator ==(GenericNameClass left, GenericNameClass right) => left.Equals(right);

    /// <summary>Compares two classes for inequality.</summary>
    public static bool operator !=(GenericNameClass left, GenericNameClass right) => !left.Equals(right);

    /// <summary>Says whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    public static bool operator <(GenericNameClass left, GenericNameClass right) => left.CompareTo(right) < 0;

    /// <summary>Says whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    public static bool operator >(GenericNameClass left, GenericNameClass right) => left.CompareTo(right) > 0;

    /// <summary>Says whether <paramref name="left"/> sorts before or with <paramref name="right"/>.</summary>
    public static bool operator <=(GenericNameClass left, GenericNameClass right) => left.CompareTo(right) <= 0;

    /// <summary>Says whether <paramref name="left"/> sorts after or with <paramref name="right"/>.</summary>
    public static bool operator >=(GenericNameClass left, GenericNameClass right) => left.CompareTo(right) >= 0;
}
