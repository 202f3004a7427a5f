namespace Consumables.Rules.Cli;

/// <summary>A problem with what the user asked for (a missing file, an invalid policy): exit 2 with a one-line message.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message, IReadOnlyList<string>? details = null)
        : base(message) => Details = details ?? [];

    public UsageException(string message, Exception inner)
        : base(message, inner) => Details = [];

    public UsageException()
        : this("Bad usage.")
    {
    }

    public UsageException(string message)
        : this(message, (IReadOnlyList<string>?)null)
    {
    }

    /// <summary>Gets further lines (every problem of an invalid policy), printed after the message.</summary>
    public IReadOnlyList<string> Details { get; }
}
