namespace Consumables.Rules.Codes;

/// <summary>
/// Parses and formats the code types, which share one syntax: the letter <c>C</c> then a fixed number of ASCII
/// digits. Digits are packed into integers, so parsing a span allocates nothing and comparisons are integer compares.
/// </summary>
internal static class CodeText
{
    internal const int ConsumableLength = 27;
    internal const int CatalogueLength = 15;
    internal const int GenericNameLength = 10;
    internal const int ManufacturerLength = 20;
    internal const int GenericNameNumberLength = 6;

    /// <summary>Digits after the 'C' that go into the high part of a 27-character code (positions 2–15).</summary>
    internal const int HighDigits = CatalogueLength - 1;

    /// <summary>Digits in the low part of a 27-character code (positions 16–27).</summary>
    internal const int LowDigits = ConsumableLength - CatalogueLength;

    internal static readonly ulong[] PowersOfTen = BuildPowers();

    private static ulong[] BuildPowers()
    {
        var powers = new ulong[20];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    /// <summary>Checks the syntax of <paramref name="text"/> for a code of <paramref name="length"/> characters.</summary>
    /// <returns><see langword="true"/> when valid; otherwise the error is set.</returns>
    internal static bool TryCheck(ReadOnlySpan<char> text, int length, out CodeError error)
    {
        if (text.IsEmpty)
        {
            error = new CodeError(CodeErrorKind.Empty, 0, length, 0, '\0');
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                error = new CodeError(CodeErrorKind.Whitespace, i + 1, length, text.Length, text[i]);
                return false;
            }
        }

        if (text.Length != length)
        {
            var kind = text.Length == ManufacturerLength && length == ConsumableLength
                ? CodeErrorKind.ManufacturerCodeForConsumableCode
                : CodeErrorKind.WrongLength;
            error = new CodeError(kind, 0, length, text.Length, '\0');
            return false;
        }

        if (text[0] != 'C')
        {
            var kind = text[0] == 'c' ? CodeErrorKind.LowerCasePrefix : CodeErrorKind.FirstLetterNotC;
            error = new CodeError(kind, 1, length, text.Length, text[0]);
            return false;
        }

        for (var i = 1; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                error = new CodeError(CodeErrorKind.NonDigit, i + 1, length, text.Length, text[i]);
                return false;
            }
        }

        error = default;
        return true;
    }

    /// <summary>Reads the digits between two 0-based indexes (end exclusive) of an already checked text.</summary>
    internal static ulong Digits(ReadOnlySpan<char> text, int start, int end)
    {
        ulong value = 0;
        for (var i = start; i < end; i++)
        {
            value = (value * 10) + (ulong)(text[i] - '0');
        }

        return value;
    }

    /// <summary>Writes <paramref name="value"/> as exactly <paramref name="width"/> digits, with leading zeros.</summary>
    internal static void WriteDigits(Span<char> destination, ulong value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
    }

    /// <summary>Returns digits <paramref name="from"/>..<paramref name="to"/> (1-based code positions, inclusive) of a packed part.</summary>
    /// <param name="part">The packed digits.</param>
    /// <param name="partStart">The 1-based code position of the part's first digit.</param>
    /// <param name="partDigits">How many digits the part holds.</param>
    /// <param name="from">The first code position wanted.</param>
    /// <param name="to">The last code position wanted.</param>
    internal static string Segment(ulong part, int partStart, int partDigits, int from, int to)
    {
        var width = to - from + 1;
        var dropRight = (partStart + partDigits - 1) - to;
        var value = (part / PowersOfTen[dropRight]) % PowersOfTen[width];
        return string.Create(width, value, static (span, v) => WriteDigits(span, v, span.Length));
    }

    internal static bool TryFormat(Span<char> destination, out int charsWritten, ulong high, int highDigits, ulong low, int lowDigits)
    {
        var length = 1 + highDigits + lowDigits;
        if (destination.Length < length)
        {
            charsWritten = 0;
            return false;
        }

        destination[0] = 'C';
        WriteDigits(destination.Slice(1, highDigits), high, highDigits);
        if (lowDigits > 0)
        {
            WriteDigits(destination.Slice(1 + highDigits, lowDigits), low, lowDigits);
        }

        charsWritten = length;
        return true;
    }
}
