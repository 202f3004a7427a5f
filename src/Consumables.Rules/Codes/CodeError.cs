using System.Globalization;

namespace Consumables.Rules.Codes;

/// <summary>
/// Describes why a text failed to parse as a code: the kind of problem, the 1-based position it was found at, and
/// the length that was expected. Building it allocates nothing; <see cref="Message"/> builds the text on demand.
/// </summary>
public readonly struct CodeError : IEquatable<CodeError>
{
    internal CodeError(CodeErrorKind kind, int position, int expectedLength, int actualLength, char character)
    {
        Kind = kind;
        Position = position;
        ExpectedLength = expectedLength;
        ActualLength = actualLength;
        Character = character;
    }

    /// <summary>Gets the kind of problem.</summary>
    public CodeErrorKind Kind { get; }

    /// <summary>Gets the 1-based position of the offending character, or 0 when the problem is not at one position (empty, wrong length).</summary>
    public int Position { get; }

    /// <summary>Gets the number of characters the code type requires (27, 20, 15, 10 or 6).</summary>
    public int ExpectedLength { get; }

    /// <summary>Gets the number of characters the text had.</summary>
    public int ActualLength { get; }

    /// <summary>Gets the offending character, or <c>'\0'</c> when the problem is not at one position.</summary>
    public char Character { get; }

    /// <summary>Gets a sentence that names the problem, the position and what was expected.</summary>
    public string Message => Kind switch
    {
        CodeErrorKind.Empty => string.Create(CultureInfo.InvariantCulture, $"The code is empty; expected {ExpectedLength} characters."),
        CodeErrorKind.Whitespace => string.Create(CultureInfo.InvariantCulture, $"The code contains whitespace at position {Position}; codes have no spaces."),
        CodeErrorKind.WrongLength => string.Create(CultureInfo.InvariantCulture, $"The code has {ActualLength} characters; expected {ExpectedLength}."),
        CodeErrorKind.ManufacturerCodeForConsumableCode => string.Create(CultureInfo.InvariantCulture, $"The code has 20 characters: that is NHSA's classification-and-manufacturer code, without the 7-digit product serial; a charge line needs the {ExpectedLength}-character code."),
        CodeErrorKind.LowerCasePrefix => "The code starts with a lower-case 'c' at position 1; codes start with an upper-case 'C'.",
        CodeErrorKind.FirstLetterNotC => string.Create(CultureInfo.InvariantCulture, $"The code starts with '{Character}' at position 1; expected the letter 'C'."),
        CodeErrorKind.NonDigit => string.Create(CultureInfo.InvariantCulture, $"The code has '{Character}' at position {Position}; expected a digit 0-9."),
        _ => "The code is not valid.",
    };

    /// <summary>Creates the exception that <c>Parse</c> throws for this error.</summary>
    /// <param name="text">The text that failed to parse, quoted in the exception.</param>
    /// <returns>A <see cref="CodeFormatException"/> that carries this error.</returns>
    public CodeFormatException ToException(string? text) => new(this, text);

    /// <inheritdoc />
    public bool Equals(CodeError other) =>
        Kind == other.Kind && Position == other.Position && ExpectedLength == other.ExpectedLength &&
        ActualLength == other.ActualLength && Character == other.Character;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CodeError other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Position, ExpectedLength, ActualLength, Character);

    /// <inheritdoc />
    public override string ToString() => Message;

    /// <summary>Compares two errors for equality.</summary>
    public static bool operator ==(CodeError left, CodeError right) => left.Equals(right);

    /// <summary>Compares two errors for inequality.</summary>
    public static bool operator !=(CodeError left, CodeError right) => !left.Equals(right);
}
