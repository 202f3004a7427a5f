namespace Consumables.Rules.Codes;

/// <summary>The exception thrown by <c>Parse</c> when a text is not a valid code; carries the typed <see cref="CodeError"/>.</summary>
public sealed class CodeFormatException : FormatException
{
    /// <summary>Initializes a new instance for a parse error of the given text.</summary>
    /// <param name="error">The typed error.</param>
    /// <param name="text">The text that failed to parse.</param>
    public CodeFormatException(CodeError error, string? text)
        : base($"'{text}' is not a valid code: {error.Message}")
    {
        Error = error;
        Text = text;
    }

    /// <summary>Gets the typed error: kind, position and expected length.</summary>
    public CodeError Error { get; }

    /// <summary>Gets the text that failed to parse.</summary>
    public string? Text { get; }
}
