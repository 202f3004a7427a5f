using System.Globalization;

namespace Consumables.Rules.Cli.Input;

/// <summary>Shows a value from a file inside a message, bounded: a hostile cell of megabytes is never echoed whole.</summary>
internal static class Quoted
{
    /// <summary>The most characters of a value a message shows.</summary>
    internal const int MaxShown = 200;

    /// <summary>The value in single quotes; past <see cref="MaxShown"/> characters, its start and its length.</summary>
    internal static string Text(string? text)
    {
        text ??= string.Empty;
        return text.Length <= MaxShown
            ? $"'{text}'"
            : string.Create(CultureInfo.InvariantCulture, $"'{text[..MaxShown]}…' ({text.Length:N0} characters)");
    }
}
