using System.Globalization;

namespace Consumables.Rules;

/// <summary>
/// A numeric width of the platform's interfaces (数值型 precision,scale): at most <see cref="Precision"/> digits, of
/// which <see cref="Scale"/> are decimals. The widths are the ones NHSA's fee-detail interfaces declare (2204 门诊费用明细信息上传,
/// 2301 住院费用明细信息上传): <c>cnt</c> 16,4, <c>pric</c> and <c>pric_uplmt_amt</c> 16,6, amounts 16,2, <c>selfpay_prop</c> 5,4.
/// </summary>
/// <remarks>
/// Within these widths every amount of the split is exact in <see cref="decimal"/>: a total below 10^14 with at most 10
/// decimals before rounding has at most 24 significant digits, well inside the decimal's 28, so no intermediate product
/// is ever rounded before <see cref="Money.RoundToFen"/> (no double rounding).
/// </remarks>
/// <param name="Name">The field's platform name, for messages.</param>
/// <param name="Precision">The total number of digits.</param>
/// <param name="Scale">The number of decimals.</param>
internal readonly record struct PlatformWidth(string Name, int Precision, int Scale)
{
    /// <summary>The quantity, <c>cnt</c> 16,4.</summary>
    internal static readonly PlatformWidth Quantity = new(FieldNames.Quantity, 16, 4);

    /// <summary>The unit price, <c>pric</c> 16,6.</summary>
    internal static readonly PlatformWidth UnitPrice = new(FieldNames.UnitPrice, 16, 6);

    /// <summary>A price limit of the policy (item cap, payment limit, winning price, median, band), as <c>pric_uplmt_amt</c> 16,6.</summary>
    internal static readonly PlatformWidth PriceLimit = new(FieldNames.EffectiveLimit, 16, 6);

    /// <summary>An amount of the split, 16,2 (<c>det_item_fee_sumamt</c> and the four parts).</summary>
    internal static readonly PlatformWidth Amount = new(FieldNames.Total, 16, 2);

    /// <summary>A pre-self-pay ratio, <c>selfpay_prop</c> 5,4.</summary>
    internal static readonly PlatformWidth Ratio = new(FieldNames.SelfPayRatio, 5, 4);

    private static readonly decimal[] PowersOfTen = [1m, 1e1m, 1e2m, 1e3m, 1e4m, 1e5m, 1e6m, 1e7m, 1e8m, 1e9m, 1e10m, 1e11m, 1e12m, 1e13m, 1e14m, 1e15m, 1e16m];

    /// <summary>Gets the number of integer digits allowed.</summary>
    internal int IntegerDigits => Precision - Scale;

    /// <summary>Gets the exclusive bound of the magnitude, 10^(precision − scale).</summary>
    internal decimal Bound => PowersOfTen[IntegerDigits];

    /// <summary>Tells whether a value fits the width: magnitude below the bound, nothing beyond the scale but zeros.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the value fits.</returns>
    internal bool Fits(decimal value)
    {
        var bound = Bound;
        if (value >= bound || value <= -bound)
        {
            return false;
        }

        if (value.Scale <= Scale)
        {
            return true;
        }

        var scaled = value * PowersOfTen[Scale];
        return decimal.Truncate(scaled) == scaled;
    }

    /// <summary>Describes the width for messages: <c>16,6 (at most 10 integer digits and 6 decimals)</c>.</summary>
    /// <returns>The description.</returns>
    internal string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Precision},{Scale} (at most {IntegerDigits} integer digits and {Scale} decimals)");

    /// <summary>
    /// Reads a number exactly: an optional sign, digits with an optional decimal point, and an optional exponent
    /// (<c>1E2</c>, <c>1.5e-3</c>, as JSON writes numbers). The value is built digit by digit, never rounded: a value
    /// beyond the width is refused, not approximated. Zeros beyond the scale are dropped (<c>1.00000</c> is 1.0000).
    /// </summary>
    /// <param name="text">The text; surrounding whitespace is not a number.</param>
    /// <param name="value">The exact value, with at most <see cref="Scale"/> decimals.</param>
    /// <returns>How the reading went.</returns>
    internal NumberReading TryRead(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0m;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var intStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var integer = text[intStart..i];
        var fraction = ReadOnlySpan<char>.Empty;
        if (i < text.Length && text[i] == '.')
        {
            var fracStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fraction = text[fracStart..i];
        }

        if (integer.IsEmpty && fraction.IsEmpty)
        {
            return NumberReading.NotANumber;
        }

        long exponent = 0;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            var exponentNegative = false;
            if (i < text.Length && text[i] is '+' or '-')
            {
                exponentNegative = text[i] == '-';
                i++;
            }

            var expStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                // Saturate: any exponent beyond a thousand puts a non-zero digit far outside every width.
                exponent = Math.Min(exponent * 10 + (text[i] - '0'), 1_000_000);
                i++;
            }

            if (i == expStart)
            {
                return NumberReading.NotANumber;
            }

            exponent = exponentNegative ? -exponent : exponent;
        }

        if (i != text.Length)
        {
            return NumberReading.NotANumber;
        }

        // The digits as one sequence, with the decimal point after position `point` (which the exponent moves).
        var length = integer.Length + fraction.Length;

        var first = 0;
        while (first < length && Digit(integer, fraction, first) == '0')
        {
            first++;
        }

        if (first == length)
        {
            return NumberReading.Exact;
        }

        var last = length - 1;
        while (Digit(integer, fraction, last) == '0')
        {
            last--;
        }

        var point = integer.Length + exponent;
        if (point - first > IntegerDigits)
        {
            return NumberReading.TooLarge;
        }

        if (last + 1 - point > Scale)
        {
            return NumberReading.TooManyDecimals;
        }

        // Keep the decimals as written, up to the scale (1200.00 stays 1200.00).
        var scale = (int)Math.Clamp(length - point, Math.Max(0, last + 1 - point), Scale);
        ulong mantissa = 0;
        for (var p = Math.Min(first, point); p < point + scale; p++)
        {
            mantissa = (mantissa * 10) + (ulong)(Digit(integer, fraction, p) - '0');
        }

        value = new decimal(unchecked((int)(uint)mantissa), unchecked((int)(uint)(mantissa >> 32)), 0, negative, (byte)scale);
        return NumberReading.Exact;
    }

    /// <summary>The digit at a position of the integer digits followed by the fraction digits; zero outside them.</summary>
    private static char Digit(ReadOnlySpan<char> integer, ReadOnlySpan<char> fraction, long position) =>
        position < 0 || position >= integer.Length + fraction.Length ? '0'
        : position < integer.Length ? integer[(int)position] : fraction[(int)position - integer.Length];
}

/// <summary>How reading a number against a <see cref="PlatformWidth"/> went.</summary>
internal enum NumberReading
{
    /// <summary>The text is a number that fits; its value is exact.</summary>
    Exact,

    /// <summary>The text is not a number.</summary>
    NotANumber,

    /// <summary>The number has more integer digits than the width allows.</summary>
    TooLarge,

    /// <summary>The number has more decimals (other than zeros) than the width allows.</summary>
    TooManyDecimals,
}
