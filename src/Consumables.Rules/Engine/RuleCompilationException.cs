namespace Consumables.Rules.Engine;

/// <summary>What can be wrong with a rule set.</summary>
public enum RuleCompilationErrorCode
{
    /// <summary>Two rules share a name.</summary>
    DuplicateName = 1,

    /// <summary>A rule has an empty name.</summary>
    EmptyName,

    /// <summary>A rule reads a fact that is neither an input nor asserted by any rule.</summary>
    UnprovidedFact,

    /// <summary>A rule asserts an input fact, or a fact declared as input is not of the input kind.</summary>
    InvalidFactKind,

    /// <summary>Rules depend on each other in a cycle.</summary>
    Cycle,

    /// <summary>Two rules of equal priority can assert different values for the same single fact (UNIQUE hit policy).</summary>
    UniqueViolation,

    /// <summary>Replace or Disable names a rule that is not in the set.</summary>
    UnknownRule,

    /// <summary>The rule set uses more facts than the engine holds.</summary>
    TooManyFacts,

    /// <summary>A rule has no action.</summary>
    NoAction,
}

/// <summary>One problem of a rule set, with the rules involved.</summary>
/// <param name="Code">What is wrong.</param>
/// <param name="Message">A sentence naming the rules and facts involved.</param>
/// <param name="RuleNames">The rules involved.</param>
public sealed record RuleCompilationError(RuleCompilationErrorCode Code, string Message, IReadOnlyList<string> RuleNames)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Thrown when a rule set does not compile; lists every problem, not only the first.</summary>
public sealed class RuleCompilationException : Exception
{
    /// <summary>Initializes a new instance with the problems found.</summary>
    /// <param name="ruleSet">The rule set's name.</param>
    /// <param name="errors">Every problem found.</param>
    public RuleCompilationException(string ruleSet, IReadOnlyList<RuleCompilationError> errors)
        : base($"Rule set '{ruleSet}' does not compile: {errors.Count} problem(s).{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(static e => "- " + e.Message)))
    {
        RuleSet = ruleSet;
        Errors = errors;
    }

    /// <summary>Gets the rule set's name.</summary>
    public string RuleSet { get; }

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<RuleCompilationError> Errors { get; }
}
