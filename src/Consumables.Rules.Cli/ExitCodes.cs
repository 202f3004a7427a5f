namespace Consumables.Rules.Cli;

/// <summary>The tool's exit status: 0 every line priced, 1 some lines have errors, 2 bad usage or a file-level problem.</summary>
internal static class ExitCodes
{
    /// <summary>Every line priced (or, for other verbs, success).</summary>
    internal const int Success = 0;

    /// <summary>At least one line has errors; every line was still written.</summary>
    internal const int LineErrors = 1;

    /// <summary>Bad usage or an invalid policy; nothing was priced.</summary>
    internal const int Usage = 2;
}
