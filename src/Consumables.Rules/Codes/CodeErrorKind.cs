namespace Consumables.Rules.Codes;

/// <summary>Names why a text is not a valid national consumable code (医保医用耗材代码).</summary>
public enum CodeErrorKind
{
    /// <summary>The text is empty.</summary>
    Empty = 1,

    /// <summary>The text contains a whitespace character (leading, trailing or inside).</summary>
    Whitespace,

    /// <summary>The text has the wrong number of characters.</summary>
    WrongLength,

    /// <summary>
    /// The text has 20 characters where a 27-character code is needed: it is NHSA's classification-and-manufacturer code
    /// (<see cref="ManufacturerCode"/>), which lacks the 7-digit product serial a charge line carries.
    /// </summary>
    ManufacturerCodeForConsumableCode,

    /// <summary>The first character is a lower-case <c>c</c>; codes are upper case.</summary>
    LowerCasePrefix,

    /// <summary>The first character is not the letter <c>C</c> (耗材标识码).</summary>
    FirstLetterNotC,

    /// <summary>A character after the first is not an ASCII digit 0–9 (full-width digits are rejected too).</summary>
    NonDigit,
}
