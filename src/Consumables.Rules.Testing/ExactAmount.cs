using System.Globalization;
using System.Numerics;

namespace Consumables.Rules.Testing;

/// <summary>
/// An exact decimal number (an integer count of units of 10^-scale) for the rounding law's reference: products and
/// differences never round, whatever their width, so the reference shares no arithmetic with the pricer under test.
/// </summary>
internal readonly record struct ExactAmount(BigInteger Units, int Scale)
{
    public static ExactAmount Of(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((BigInteger)unchecked((uint)bits[2]) << 64) | ((BigInteger)unchecked((uint)bits[1]) << 32) | unchecked((uint)bits[0]);
        return new ExactAmount(bits[3] < 0 ? -magnitude : magnitude, (bits[3] >> 16) & 0xFF);
    }

    public static ExactAmount operator *(ExactAmount a, ExactAmount b) => new(a.Units * b.Units, a.Scale + b.Scale);

    public static ExactAmount operator -(ExactAmount a, ExactAmount b)
    {
        var scale = Math.Max(a.Scale, b.Scale);
        return new ExactAmount(a.Widen(scale) - b.Widen(scale), scale);
    }

    /// <summary>Rounds to the fen, half away from zero, as the platform does: the value with exactly 2 decimals.</summary>
    public decimal RoundToFen()
    {
        if (Scale <= 2)
        {
            return (decimal)Widen(2) / 100m + 0.00m;
        }

        var divisor = BigInteger.Pow(10, Scale - 2);
        var fen = BigInteger.DivRem(BigInteger.Abs(Units), divisor, out var remainder);
        if (remainder * 2 >= divisor)
        {
            fen += 1;
        }

        return (decimal)(Units.Sign < 0 ? -fen : fen) / 100m + 0.00m;
    }

    /// <summary>Writes the exact value with every decimal it has (trailing zeros of the arithmetic dropped, at least the fen).</summary>
    public override string ToString()
    {
        var digits = BigInteger.Abs(Units).ToString(CultureInfo.InvariantCulture).PadLeft(Scale + 1, '0');
        var text = Scale == 0 ? digits : digits[..^Scale] + "." + digits[^Scale..];
        if (Scale > 2)
        {
            text = text.TrimEnd('0');
            var decimals = text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1;
            text += new string('0', Math.Max(0, 2 - decimals));
        }

        return (Units.Sign < 0 ? "-" : string.Empty) + text;
    }

    private BigInteger Widen(int scale) => Units * BigInteger.Pow(10, scale - Scale);
}
