namespace Consumables.Rules.Cli;

/// <summary>The streams a run of the tool reads and writes; tests pass their own to run the tool in process.</summary>
/// <param name="OpenInput">Opens standard input as bytes.</param>
/// <param name="OpenOutput">Opens standard output as bytes (for JSON and CSV written in UTF-8).</param>
/// <param name="Out">Standard output as text.</param>
/// <param name="Error">Standard error as text.</param>
/// <param name="OutputIsTerminal">Whether standard output is a terminal (tables are drawn only then).</param>
/// <param name="ErrorIsTerminal">Whether standard error is a terminal (progress is shown only then).</param>
/// <param name="Width">The terminal's width in columns (the drawn table fits it).</param>
/// <param name="Language">The language when <c>--lang</c> is not given (<c>en</c> or <c>zh-CN</c>; the tool passes the culture's).</param>
internal sealed record CliConsole(
    Func<Stream> OpenInput,
    Func<Stream> OpenOutput,
    TextWriter Out,
    TextWriter Error,
    bool OutputIsTerminal,
    bool ErrorIsTerminal,
    int Width = 80,
    string Language = "en")
{
    /// <summary>Gets the regular file standard input was redirected from (<c>&lt; FILE</c>), or null: an output naming it is refused.</summary>
    internal string? StandardInputFile { get; init; }
}
