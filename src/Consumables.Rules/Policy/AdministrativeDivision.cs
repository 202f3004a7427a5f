using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Consumables.Rules.Policy;

/// <summary>The level of an administrative division (GB/T 2260).</summary>
public enum DivisionLevel
{
    /// <summary>A province (省), code ending in 0000, for example 140000 山西省.</summary>
    Province = 1,

    /// <summary>A city (市), code ending in 00, for example 141100 吕梁市.</summary>
    City = 2,

    /// <summary>A county or district (县/区), for example 141102 离石区.</summary>
    County = 3,
}

/// <summary>
/// A 6-digit administrative division code (GB/T 2260), used as the pooling area (统筹区, <c>insuplc_admdvs</c>). A county
/// belongs to its city and its province; a city to its province.
/// </summary>
/// <remarks>An immutable value over an integer; parsing is strict (exactly six ASCII digits). Thread-safe.</remarks>
public readonly struct AdministrativeDivision : IEquatable<AdministrativeDivision>, IComparable<AdministrativeDivision>, ISpanParsable<AdministrativeDivision>
{
    private readonly int _code;

    private AdministrativeDivision(int code) => _code = code;

    /// <summary>Gets the numeric code.</summary>
    public int Code => _code;

    /// <summary>Gets the level: province, city or county.</summary>
    public DivisionLevel Level => _code % 10000 == 0 ? DivisionLevel.Province : _code % 100 == 0 ? DivisionLevel.City : DivisionLevel.County;

    /// <summary>Gets the province this division lies in (itself for a province).</summary>
    public AdministrativeDivision Province => new(_code / 10000 * 10000);

    /// <summary>Gets the city this division lies in (itself for a city; the province for a province).</summary>
    public AdministrativeDivision City => Level == DivisionLevel.Province ? this : new(_code / 100 * 100);

    /// <summary>Says whether <paramref name="other"/> is this division or lies inside it.</summary>
    /// <param name="other">The other division.</param>
    /// <returns><see langword="true"/> when a province contains its cities and counties, a city its counties, and each itself.</returns>
    public bool Contains(AdministrativeDivision other) => Level switch
    {
        DivisionLevel.Province => other.Province._code == _code,
        DivisionLevel.City => other.Level != DivisionLevel.Province && other.City._code == _code,
        _ => other._code == _code,
    };

    /// <summary>Parses six ASCII digits.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The division.</returns>
    /// <exception cref="FormatException">The text is not six ASCII digits.</exception>
    public static AdministrativeDivision Parse(string s) => Parse(s.AsSpan());

    /// <summary>Parses six ASCII digits.</summary>
    /// <param name="s">The characters.</param>
    /// <returns>The division.</returns>
    /// <exception cref="FormatException">The text is not six ASCII digits.</exception>
    public static AdministrativeDivision Parse(ReadOnlySpan<char> s) =>
        TryParse(s, out var result) ? result : throw new FormatException($"'{s}' is not an administrative division code; expected 6 ASCII digits such as 141100.");

    /// <summary>Tries to parse six ASCII digits; never throws.</summary>
    /// <param name="s">The text.</param>
    /// <param name="result">The division.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out AdministrativeDivision result) => TryParse(s.AsSpan(), out result);

    /// <summary>Tries to parse six ASCII digits; never throws, allocates nothing.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The division.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out AdministrativeDivision result)
    {
        result = default;
        if (s.Length != 6)
        {
            return false;
        }

        var code = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            code = (code * 10) + (c - '0');
        }

        if (code < 10000)
        {
            return false;
        }

        result = new AdministrativeDivision(code);
        return true;
    }

    static AdministrativeDivision IParsable<AdministrativeDivision>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<AdministrativeDivision>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out AdministrativeDivision result) => TryParse(s, out result);

    static AdministrativeDivision ISpanParsable<AdministrativeDivision>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<AdministrativeDivision>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out AdministrativeDivision result) => TryParse(s, out result);

    /// <summary>Returns the 6-digit code.</summary>
    /// <returns>The code text.</returns>
    public override string ToString() => _code.ToString("D6", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public bool Equals(AdministrativeDivision other) => _code == other._code;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AdministrativeDivision other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _code;

    /// <inheritdoc />
    public int CompareTo(AdministrativeDivision other) => _code.CompareTo(other._code);

    /// <summary>Compares two divisions for equality.</summary>
    public static bool operator ==(AdministrativeDivision left, AdministrativeDivision right) => left.Equals(right);

    /// <summary>Compares two divisions for inequality.</summary>
    public static bool operator !=(AdministrativeDivision left, AdministrativeDivision right) => !left.Equals(right);

    /// <summary>Orders divisions by code.</summary>
    public static bool operator <(AdministrativeDivision left, AdministrativeDivision right) => left._code < right._code;

    /// <summary>Orders divisions by code.</summary>
    public static bool operator >(AdministrativeDivision left, AdministrativeDivision right) => left._code > right._code;

    /// <summary>Orders divisions by code.</summary>
    public static bool operator <=(AdministrativeDivision left, AdministrativeDivision right) => left._code <= right._code;

    /// <summary>Orders divisions by code.</summary>
    public static bool operator >=(AdministrativeDivision left, AdministrativeDivision right) => left._code >= right._code;
}
