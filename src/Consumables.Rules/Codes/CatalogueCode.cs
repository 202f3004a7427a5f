using System.Diagnostics.CodeAnalysis;

namespace Consumables.Rules.Codes;

/// <summary>
/// A 15-character catalogue code (三级分类+通用名+材质特征): the first 15 characters of a <see cref="ConsumableCode"/>,
/// by which a provincial catalogue is managed, for example <c>C03111608002007</c>.
/// </summary>
/// <remarks>
/// An immutable value over one integer; parsing a span allocates nothing; ordering agrees with ordinal string
/// ordering. The default value is <c>C</c> followed by 14 zeros. Thread-safe.
/// </remarks>
public readonly struct CatalogueCode : IEquatable<CatalogueCode>, IComparable<CatalogueCode>, IComparable, ISpanParsable<CatalogueCode>, ISpanFormattable
{
    /// <summary>The number of characters of a catalogue code (15).</summary>
    public const int Length = CodeText.CatalogueLength;

    private const int Digits = Length - 1;

    // The material and feature digits (positions 11–15) a code has beyond its generic-name class: a constant, so taking
    // the class is a multiplication, not a division (it runs on every line whose code has no entry of its own).
    private const ulong MaterialFeatureScale = 100_000UL;

    private readonly ulong _digits;

    private CatalogueCode(ulong digits) => _digits = digits;

    /// <summary>Gets the 10-character class prefix (positions 1–10, ending in the 通用名分类) of this code.</summary>
    public GenericNameClass GenericNameClass => GenericNameClass.FromDigits(_digits / MaterialFeatureScale);

    /// <summary>Gets the level-1 class digits (positions 2–3, 一级分类), for example <c>03</c>.</summary>
    public string Level1 => Segment(2, 3);

    /// <summary>Gets the level-2 class digits (positions 4–5, 二级分类).</summary>
    public string Level2 => Segment(4, 5);

    /// <summary>Gets the level-3 class digits (positions 6–7, 三级分类).</summary>
    public string Level3 => Segment(6, 7);

    /// <summary>Gets the generic-name class digits (positions 8–10, 医保通用名分类), for example <c>107</c> 人工关节类.</summary>
    public string GenericName => Segment(8, 10);

    /// <summary>Gets the material digits (positions 11–12, 材质).</summary>
    public string Material => Segment(11, 12);

    /// <summary>Gets the feature or specification digits (positions 13–15, 特征).</summary>
    public string Feature => Segment(13, 15);

    /// <summary>Says whether a 27-character code belongs to this catalogue code (its first 15 characters are this code).</summary>
    /// <param name="code">The consumable code.</param>
    /// <returns><see langword="true"/> when <paramref name="code"/> starts with this code.</returns>
    public bool Contains(ConsumableCode code) => code.CatalogueCode._digits == _digits;

    /// <summary>Parses a 15-character catalogue code.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="CodeFormatException">The text is not a valid catalogue code.</exception>
    public static CatalogueCode Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s.AsSpan(), out var code, out var error) ? code : throw error.ToException(s);
    }

    /// <summary>Parses a 15-character catalogue code from a span.</summary>
    /// <param name="s">The characters.</param>
    /// <returns>The code.</returns>
    /// <exception cref="CodeFormatException">The text is not a valid catalogue code.</exception>
    public static CatalogueCode Parse(ReadOnlySpan<char> s) =>
        TryParse(s, out var code, out var error) ? code : throw error.ToException(s.ToString());

    /// <summary>Tries to parse a 15-character catalogue code; never throws.</summary>
    /// <param name="s">The text, possibly <see langword="null"/>.</param>
    /// <param name="result">The code when valid.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out CatalogueCode result) => TryParse(s.AsSpan(), out result, out _);

    /// <summary>Tries to parse a 15-character catalogue code from a span; never throws and allocates nothing.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The code when valid.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out CatalogueCode result) => TryParse(s, out result, out _);

    /// <summary>Tries to parse a 15-character catalogue code from a span and says why it failed; never throws.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The code when valid.</param>
    /// <param name="error">Why the text is not valid; <see langword="default"/> on success.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out CatalogueCode result, out CodeError error)
    {
        result = CodeText.TryCheck(s, Length, out error) ? new CatalogueCode(CodeText.Digits(s, 1, Length)) : default;
        return error.Kind == 0;
    }

    internal static CatalogueCode FromDigits(ulong digits) => new(digits);

    /// <summary>Gets the code's 14 digits as one integer.</summary>
    internal ulong Number => _digits;

    /// <summary>Returns the code of a generic-name class with material and feature <c>00000</c>: how an entry keyed by generic name holds its key.</summary>
    internal static CatalogueCode OfGenericName(GenericNameClass genericName) => new(genericName.Number * MaterialFeatureScale);

    /// <summary>Gets a value indicating whether the material and feature digits (positions 11–15) are all zero.</summary>
    internal bool HasNoMaterialFeature => _digits % MaterialFeatureScale == 0;

    private string Segment(int from, int to) => CodeText.Segment(_digits, 2, Digits, from, to);

    static CatalogueCode IParsable<CatalogueCode>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<CatalogueCode>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out CatalogueCode result) => TryParse(s, out result);

    static CatalogueCode ISpanParsable<CatalogueCode>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<CatalogueCode>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out CatalogueCode result) => TryParse(s, out result);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        CodeText.TryFormat(destination, out charsWritten, _digits, Digits, 0, 0);

    /// <summary>Returns the 15-character code.</summary>
    /// <returns>The code text.</returns>
    public override string ToString() => string.Create(Length, _digits, static (span, d) => CodeText.TryFormat(span, out _, d, Digits, 0, 0));

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool Equals(CatalogueCode other) => _digits == other._digits;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CatalogueCode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _digits.GetHashCode();

    /// <summary>Compares codes in ordinal order of their text.</summary>
    /// <param name="other">The other code.</param>
    /// <returns>Negative, zero or positive as this code sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(CatalogueCode other) => _digits.CompareTo(other._digits);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        CatalogueCode other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a CatalogueCode.", nameof(obj)),
    };

    /// <summary>Compares two codes for equality.</summary>
    public static bool operator ==(CatalogueCode left, CatalogueCode right) => left.Equals(right);

    /// <summary>Compares two codes for inequality.</summary>
    public static bool operator !=(CatalogueCode left, CatalogueCode right) => !left.Equals(right);

    /// <summary>Says whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    public static bool operator <(CatalogueCode left, CatalogueCode right) => left.CompareTo(right) < 0;

    /// <summary>Says whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    public static bool operator >(CatalogueCode left, CatalogueCode right) => left.CompareTo(right) > 0;

    /// <summary>Says whether <paramref name="left"/> sorts before or with <paramref name="right"/>.</summary>
    public static bool operator <=(CatalogueCode left, CatalogueCode right) => left.CompareTo(right) <= 0;

    /// <summary>Says whether <paramref name="left"/> sorts after or with <paramref name="right"/>.</summary>
    public static bool operator >=(CatalogueCode left, CatalogueCode right) => left.CompareTo(right) >= 0;
}
