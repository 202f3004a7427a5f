using Consumables.Rules.Codes;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Testing;

/// <summary>FsCheck generators for national consumable codes: valid codes, and corrupted texts paired with the error they must produce.</summary>
/// <remarks>Every generator is a pure value and thread-safe; combine them with FsCheck's <c>Gen</c> combinators.</remarks>
public static class CodeGenerators
{
    private static Gen<string> DigitsOf(int count) =>
        Gen.Choose(0, 9).ArrayOf(count).Select(static digits => string.Concat(digits));

    /// <summary>Generates valid 27-character consumable code texts (the letter C and 26 ASCII digits).</summary>
    public static Gen<string> ConsumableCodeText { get; } = DigitsOf(ConsumableCode.Length - 1).Select(static d => "C" + d);

    /// <summary>Generates valid 15-character catalogue code texts.</summary>
    public static Gen<string> CatalogueCodeText { get; } = DigitsOf(CatalogueCode.Length - 1).Select(static d => "C" + d);

    /// <summary>Generates valid consumable codes.</summary>
    public static Gen<ConsumableCode> ConsumableCodes { get; } = ConsumableCodeText.Select(static s => ConsumableCode.Parse(s));

    /// <summary>Generates valid catalogue codes.</summary>
    public static Gen<CatalogueCode> CatalogueCodes { get; } = CatalogueCodeText.Select(static s => CatalogueCode.Parse(s));

    /// <summary>Generates a valid 27-character code text with exactly one character corrupted, and the error it must produce.</summary>
    /// <remarks>
    /// The corruption replaces the character at one position: at position 1 with anything but <c>C</c>; elsewhere with
    /// anything but an ASCII digit (letters, punctuation, full-width digits, Chinese characters, whitespace).
    /// </remarks>
    public static Gen<CorruptedCode> CorruptedConsumableCodes { get; } =
        from text in ConsumableCodeText
        from position in Gen.Choose(1, ConsumableCode.Length)
        from replacement in position == 1 ? NotC : NotAsciiDigit
        select Corrupt(text, position, replacement);

    private static readonly char[] Oddities = ['a', 'Z', 'c', 'O', 'l', '-', '.', '/', '０', '９', '耗', ' ', '\t', '\u00A0', '\u3000'];

    private static Gen<char> NotC { get; } =
        Gen.OneOf(Gen.Elements(Oddities), Gen.Choose(0, 9).Select(static d => (char)('0' + d)), Gen.Choose(33, 126).Select(static c => (char)c))
           .Where(static c => c != 'C');

    private static Gen<char> NotAsciiDigit { get; } =
        Gen.OneOf(Gen.Elements(Oddities), Gen.Choose(33, 126).Select(static c => (char)c))
           .Where(static c => !char.IsAsciiDigit(c));

    private static CorruptedCode Corrupt(string text, int position, char replacement)
    {
        var chars = text.ToCharArray();
        chars[position - 1] = replacement;
        var kind = char.IsWhiteSpace(replacement) ? CodeErrorKind.Whitespace
            : position > 1 ? CodeErrorKind.NonDigit
            : replacement == 'c' ? CodeErrorKind.LowerCasePrefix
            : CodeErrorKind.FirstLetterNotC;
        return new CorruptedCode(new string(chars), position, kind);
    }
}

/// <summary>A corrupted code text and the error a strict parser must report for it.</summary>
/// <param name="Text">The corrupted text.</param>
/// <param name="Position">The 1-based position of the corrupted character.</param>
/// <param name="Kind">The error kind the parser must report.</param>
public sealed record CorruptedCode(string Text, int Position, CodeErrorKind Kind);
