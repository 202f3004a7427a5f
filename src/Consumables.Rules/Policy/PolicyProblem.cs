namespace Consumables.Rules.Policy;

/// <summary>One problem of a policy, with the JSON path of the value at fault (<c>$.catalogue[2].maxPaymentLimit</c>).</summary>
/// <param name="Path">The JSON path.</param>
/// <param name="Message">A sentence naming the value and what was expected.</param>
public sealed record PolicyProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The outcome of loading or building a policy: the policy, or every problem found.</summary>
public sealed class PolicyLoadResult
{
    internal PolicyLoadResult(PolicyVersion? policy, IReadOnlyList<PolicyProblem> problems)
    {
        Policy = policy;
        Problems = problems;
    }

    /// <summary>Gets the policy when valid; otherwise <see langword="null"/>.</summary>
    public PolicyVersion? Policy { get; }

    /// <summary>Gets every problem found (empty when valid).</summary>
    public IReadOnlyList<PolicyProblem> Problems { get; }

    /// <summary>Gets a value indicating whether the policy is valid.</summary>
    public bool IsValid => Policy is not null && Problems.Count == 0;

    /// <summary>Returns the policy, or throws listing every problem.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="PolicyLoadException">The policy is invalid.</exception>
    public PolicyVersion GetValueOrThrow() => IsValid ? Policy! : throw new PolicyLoadException(Problems);
}

/// <summary>Thrown when a policy is invalid; lists every problem with its JSON path.</summary>
public sealed class PolicyLoadException : Exception
{
    /// <summary>Initializes a new instance with the problems found.</summary>
    /// <param name="problems">Every problem.</param>
    public PolicyLoadException(IReadOnlyList<PolicyProblem> problems)
        : base($"The policy is invalid: {problems.Count} problem(s).{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(static p => "- " + p)))
    {
        Problems = problems;
    }

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<PolicyProblem> Problems { get; }
}
