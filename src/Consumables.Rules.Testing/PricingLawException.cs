namespace Consumables.Rules.Testing;

/// <summary>A pricing law (or another property run with <see cref="PricingLaws.Configuration"/>) failed.</summary>
/// <remarks>The message holds the law's name, the shrunk counter-example (charge lines with platform codes and ISO dates) and the amounts priced.</remarks>
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

    /// <summary>Gets the name of the law that failed (empty when not known).</summary>
    public string Law { get; }
}
