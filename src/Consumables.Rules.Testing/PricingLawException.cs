namespace Consumables.Rules.Testing;

/// <summary>A pricing law (or another property run with <see cref="PricingLaws.Configuration"/>) failed.</summary>
/// <remarks>
/// The message holds the law's name, the shrunk counter-example (charge lines with platform codes and ISO dates), what
/// broke (expected and actual values, with their scales), the amounts priced, and the one call that replays the failure.
/// </remarks>
public sealed class PricingLawException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PricingLawException"/> class.</summary>
    public PricingLawException()
        : this("A pricing law failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PricingLawException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public PricingLawException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PricingLawException"/> class with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PricingLawException(string message, Exception innerException)
        : base(message, innerException) => Law = string.Empty;

    /// <summary>Initializes a new instance of the <see cref="PricingLawException"/> class for a failed law.</summary>
    /// <param name="law">The law's name.</param>
    /// <param name="message">FsCheck's report of the failure: the counter-example and its labels.</param>
    public PricingLawException(string law, string message)
        : base(message) => Law = law;

    /// <summary>Initializes a new instance of the <see cref="PricingLawException"/> class for a failed law, with its replay and its line.</summary>
    /// <param name="law">The law's name.</param>
    /// <param name="message">The report of the failure.</param>
    /// <param name="replay">The replay (<c>seed,gamma,size</c>) that runs the failing case again.</param>
    /// <param name="line">The shrunk line that breaks the law, when the case is a line.</param>
    internal PricingLawException(string law, string message, string replay, ChargeLine? line)
        : base(message)
    {
        Law = law;
        Replay = replay;
        Line = line;
    }

    /// <summary>Gets the name of the law that failed (one of <see cref="PricingLaws.Names"/>, the property's name, or empty when not known).</summary>
    public string Law { get; }

    /// <summary>Gets the replay (<c>seed,gamma,size</c>) that runs the failing case again: pass it to <see cref="PricingLaws.Check"/> or <see cref="PricingLaws.Configuration"/>; empty when not known.</summary>
    public string Replay { get; } = string.Empty;

    /// <summary>Gets the shrunk charge line that breaks the law (the first, when the case holds several), or <see langword="null"/> when the case is not a line.</summary>
    public ChargeLine? Line { get; }
}
