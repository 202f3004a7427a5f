using System.Diagnostics.CodeAnalysis;

namespace Consumables.Rules.Codes;

/// <summary>
/// A national medical-consumable code (医保医用耗材分类与代码): the letter <c>C</c> and 26 digits, 27 characters in all. Positions 1–15 are the <see cref="CatalogueCode"/> by which a
/// provincial catalogue is managed; 1–20 the <see cref="Codes.ManufacturerCode"/> (classification and manufacturer) by which
/// NHSA's classification database is keyed; 21–27 the product and specification serial.
/// </summary>
/// <remarks>
/// An immutable value over two integers: parsing a span allocates nothing, equality and ordering are integer
/// compares, and ordering agrees with ordinal string ordering. Parsing is strict (see <see cref="CodeErrorKind"/>);
/// nothing is trimmed or normalised. The default value is <c>C</c> followed by 26 zeros. Thread-safe.
/// </remarks>
public readonly struct ConsumableCode : IEquatable<ConsumableCode>, IComparable<ConsumableCode>, IComparable, ISpanParsable<ConsumableCode>, ISpanFormattable
{
    /// <summary>The number of characters of a consumable code (27).</summary>
    public const int Length = CodeText.ConsumableLength;

    private const ulong ManufacturerScale = 100_000UL;
    private const ulong SerialScale = 10_000_000UL;

    private readonly ulong _high;
    private readonly ulong _low;

    private ConsumableCode(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>Gets the 15-character catalogue code (positions 1–15: 三级分类+通用名+材质特征) this code belongs to.</summary>
    public CatalogueCode CatalogueCode => CatalogueCode.FromDigits(_high);

    /// <summary>Gets the 20-character classification-and-manufacturer code (positions 1–20) this code belongs to.</summary>
    public ManufacturerCode ManufacturerCode => ManufacturerCode.FromDigits((_high * ManufacturerScale) + (_low / SerialScale));

    /// <summary>Gets the 10-character class prefix (positions 1–10, ending in the 通用名分类) this code belongs to.</summary>
    public GenericNameClass GenericNameClass => CatalogueCode.GenericNameClass;

    /// <summary>Gets the level-1 class digits (positions 2–3, 一级分类), for example <c>03</c>.</summary>
    public string Level1 => CatalogueCode.Level1;

    /// <summary>Gets the level-2 class digits (positions 4–5, 二级分类).</summary>
    public string Level2 => CatalogueCode.Level2;

    /// <summary>Gets the level-3 class digits (positions 6–7, 三级分类).</summary>
    public string Level3 => CatalogueCode.Level3;

    /// <summary>Gets the generic-name class digits (positions 8–10, 医保通用名分类), for example <c>107</c> 人工关节类.</summary>
    public string GenericName => CatalogueCode.GenericName;

    /// <summary>Gets the material digits (positions 11–12, 材质).</summary>
    public string Material => CatalogueCode.Material;

    /// <summary>Gets the feature or specification digits (positions 13–15, 特征).</summary>
    public string Feature => CatalogueCode.Feature;

    /// <summary>Gets the manufacturer digits (positions 16–20, 生产企业码).</summary>
    public string Manufacturer => CodeText.Segment(_low, CodeText.CatalogueLength + 1, CodeText.LowDigits, 16, 20);

    /// <summary>Gets the product and specification/model serial digits (positions 21–27, 规格型号流水号).</summary>
    public string Serial => CodeText.Segment(_low, CodeText.CatalogueLength + 1, CodeText.LowDigits, 21, 27);

    /// <summary>Parses a 27-character code.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="CodeFormatException">The text is not a valid code; the exception's error names the position and the reason.</exception>
    public static ConsumableCode Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s.AsSpan(), out var code, out var error) ? code : throw error.ToException(s);
    }

    /// <summary>Parses a 27-character code from a span.</summary>
    /// <param name="s">The characters.</param>
    /// <returns>The code.</returns>
    /// <exception cref="CodeFormatException">The text is not a valid code.</exception>
    public static ConsumableCode Parse(ReadOnlySpan<char> s) =>
        TryParse(s, out var code, out var error) ? code : throw error.ToException(s.ToString());

    /// <summary>Tries to parse a 27-character code; never throws.</summary>
    /// <param name="s">The text, possibly <see langword="null"/>.</param>
    /// <param name="result">The code when valid.</param>
    /// <returns><see langword="true"/> when the text is a valid code.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out ConsumableCode result) =>
        TryParse(s.AsSpan(), out result, out _);

    /// <summary>Tries to parse a 27-character code from a span; never throws and allocates nothing.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The code when valid.</param>
    /// <returns><see langword="true"/> when the text is a valid code.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out ConsumableCode result) => TryParse(s, out result, out _);

    /// <summary>Tries to parse a 27-character code from a span and says why it failed; never throws and allocates nothing.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The code when valid.</param>
    /// <param name="error">Why the text is not valid; <see langword="default"/> on success.</param>
    /// <returns><see langword="true"/> when the text is a valid code.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out ConsumableCode result, out CodeError error)
    {
        if (!CodeText.TryCheck(s, Length, out error))
        {
            result = default;
            return false;
        }

        result = new ConsumableCode(CodeText.Digits(s, 1, CodeText.CatalogueLength), CodeText.Digits(s, CodeText.CatalogueLength, Length));
        return true;
    }

    static ConsumableCode IParsable<ConsumableCode>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<ConsumableCode>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out ConsumableCode result) => TryParse(s, out result);

    static ConsumableCode ISpanParsable<ConsumableCode>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<ConsumableCode>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out ConsumableCode result) => TryParse(s, out result);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        CodeText.TryFormat(destination, out charsWritten, _high, CodeText.HighDigits, _low, CodeText.LowDigits);

    /// <summary>Returns the 27-character code.</summary>
    /// <returns>The code text.</returns>
    public override string ToString() => string.Create(Length, this, static (span, code) => code.TryFormat(span, out _));

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool Equals(ConsumableCode other) => _high == other._high && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ConsumableCode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked((_high * 1_000_003UL) ^ _low).GetHashCode();

    /// <summary>Compares codes in ordinal order of their text.</summary>
    /// <param name="other">The other code.</param>
    /// <returns>Negative, zero or positive as this code sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(ConsumableCode other)
    {
        var byHigh = _high.CompareTo(other._high);
        return byHigh != 0 ? byHigh : _low.CompareTo(other._low);
    }

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        ConsumableCode other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a ConsumableCode.", nameof(obj)),
    };

    /// <summary>Compares two codes for equality.</summary>
    public static bool operator ==(ConsumableCode left, ConsumableCode right) => left.Equals(right);

    /// <summary>Compares two codes for inequality.</summary>
    public static bool operator !=(ConsumableCode left, ConsumableCode right) => !left.Equals(right);

    /// <summary>Says whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    public static bool operator <(ConsumableCode left, ConsumableCode right) => left.CompareTo(right) < 0;

    /// <summary>Says whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    public static bool operator >(ConsumableCode left, ConsumableCode right) => left.CompareTo(right) > 0;

    /// <summary>Says whether <paramref name="left"/> sorts before or with <paramref name="right"/>.</summary>
    public static bool operator <=(ConsumableCode left, ConsumableCode right) => left.CompareTo(right) <= 0;

    /// <summary>Says whether <paramref name="left"/> sorts after or with <paramref name="right"/>.</summary>
    public static bool operator >=(ConsumableCode left, ConsumableCode right) => left.CompareTo(right) >= 0;
}
