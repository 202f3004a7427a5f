using System.Diagnostics.CodeAnalysis;

namespace Consumables.Rules.Codes;

/// <summary>
/// A 20-character classification-and-manufacturer code (分类与生产企业代码): the <see cref="CatalogueCode"/> followed by the
/// 5-digit manufacturer (生产企业码), for example <c>C0311160800200706410</c>. NHSA's classification database (医保医用耗材
/// 分类与代码数据库) is keyed by it; the 27-character <see cref="ConsumableCode"/> a hospital uploads is this code plus a
/// 7-digit product and specification serial.
/// </summary>
/// <remarks>
/// An immutable value over one integer; parsing a span allocates nothing; ordering agrees with ordinal string
/// ordering. The default value is <c>C</c> followed by 19 zeros. Thread-safe.
/// </remarks>
public readonly struct ManufacturerCode : IEquatable<ManufacturerCode>, IComparable<ManufacturerCode>, IComparable, ISpanParsable<ManufacturerCode>, ISpanFormattable
{
    /// <summary>The number of characters of a classification-and-manufacturer code (20).</summary>
    public const int Length = CodeText.ManufacturerLength;

    private const int Digits = Length - 1;

    // The manufacturer digits (positions 16–20) beyond the catalogue code.
    private const ulong ManufacturerScale = 100_000UL;

    private readonly ulong _digits;

    private ManufacturerCode(ulong digits) => _digits = digits;

    /// <summary>Gets the 15-character catalogue code (positions 1–15: 三级分类+通用名+材质特征) this code belongs to.</summary>
    public CatalogueCode CatalogueCode => CatalogueCode.FromDigits(_digits / ManufacturerScale);

    /// <summary>Gets the 10-character class prefix (positions 1–10, ending in the 通用名分类) this code belongs to.</summary>
    public GenericNameClass GenericNameClass => CatalogueCode.GenericNameClass;

    /// <summary>Gets the manufacturer digits (positions 16–20, 生产企业码).</summary>
    public string Manufacturer => CodeText.Segment(_digits, 2, Digits, 16, 20);

    /// <summary>Says whether a 27-character code belongs to this code (its first 20 characters are this code).</summary>
    /// <param name="code">The consumable code.</param>
    /// <returns><see langword="true"/> when <paramref name="code"/> starts with this code.</returns>
    public bool Contains(ConsumableCode code) => code.ManufacturerCode._digits == _digits;

    /// <summary>Parses a 20-character classification-and-manufacturer code.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="CodeFormatException">The text is not a valid classification-and-manufacturer code.</exception>
    public static ManufacturerCode Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s.AsSpan(), out var code, out var error) ? code : throw error.ToException(s);
    }

    /// <summary>Parses a 20-character classification-and-manufacturer code from a span.</summary>
    /// <param name="s">The characters.</param>
    /// <returns>The code.</returns>
    /// <exception cref="CodeFormatException">The text is not a valid classification-and-manufacturer code.</exception>
    public static ManufacturerCode Parse(ReadOnlySpan<char> s) =>
        TryParse(s, out var code, out var error) ? code : throw error.ToException(s.ToString());

    /// <summary>Tries to parse a 20-character classification-and-manufacturer code; never throws.</summary>
    /// <param name="s">The text, possibly <see langword="null"/>.</param>
    /// <param name="result">The code when valid.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out ManufacturerCode result) => TryParse(s.AsSpan(), out result, out _);

    /// <summary>Tries to parse a 20-character classification-and-manufacturer code from a span; never throws and allocates nothing.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The code when valid.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out ManufacturerCode result) => TryParse(s, out result, out _);

    /// <summary>Tries to parse a 20-character classification-and-manufacturer code from a span and says why it failed; never throws.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The code when valid.</param>
    /// <param name="error">Why the text is not valid; <see langword="default"/> on success.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out ManufacturerCode result, out CodeError error)
    {
        result = CodeText.TryCheck(s, Length, out error) ? new ManufacturerCode(CodeText.Digits(s, 1, Length)) : default;
        return error.Kind == 0;
    }

    internal static ManufacturerCode FromDigits(ulong digits) => new(digits);

    static ManufacturerCode IParsable<ManufacturerCode>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<ManufacturerCode>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out ManufacturerCode result) => TryParse(s, out result);

    static ManufacturerCode ISpanParsable<ManufacturerCode>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<ManufacturerCode>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out ManufacturerCode result) => TryParse(s, out result);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        CodeText.TryFormat(destination, out charsWritten, _digits, Digits, 0, 0);

    /// <summary>Returns the 20-character code.</summary>
    /// <returns>The code text.</returns>
    public override string ToString() => string.Create(Length, _digits, static (span, d) => CodeText.TryFormat(span, out _, d, Digits, 0, 0));

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool Equals(ManufacturerCode other) => _digits == other._digits;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ManufacturerCode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _digits.GetHashCode();

    /// <summary>Compares codes in ordinal order of their text.</summary>
    /// <param name="other">The other code.</param>
    /// <returns>Negative, zero or positive as this code sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(ManufacturerCode other) => _digits.CompareTo(other._digits);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        ManufacturerCode other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a ManufacturerCode.", nameof(obj)),
    };

    /// <summary>Compares two codes for equality.</summary>
    public static bool operator ==(ManufacturerCode left, ManufacturerCode right) => left.Equals(right);

    /// <summary>Compares two codes for inequality.</summary>
    public static bool operator !=(ManufacturerCode left, ManufacturerCode right) => !left.Equals(right);

    /// <summary>Says whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    public static bool operator <(ManufacturerCode left, ManufacturerCode right) => left.CompareTo(right) < 0;

    /// <summary>Says whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    public static bool operator >(ManufacturerCode left, ManufacturerCode right) => left.CompareTo(right) > 0;

    /// <summary>Says whether <paramref name="left"/> sorts before or with <paramref name="right"/>.</summary>
    public static bool operator <=(ManufacturerCode left, ManufacturerCode right) => left.CompareTo(right) <= 0;

    /// <summary>Says whether <paramref name="left"/> sorts after or with <paramref name="right"/>.</summary>
    public static bool operator >=(ManufacturerCode left, ManufacturerCode right) => left.CompareTo(right) >= 0;
}
