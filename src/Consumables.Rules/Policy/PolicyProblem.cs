namespace Consumables.Rules.Policy;

/// <summary>One problem of a policy, with the JSON path of the value at fault (<c>$.catalogue[2].maxPaymentLimit</c>).</summary>
/// <param name="Path">The JSON path.</param>
/// <param name="Message">A sentence naming the value and what was expected.</param>
public sealed record PolicyProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";

    /// <summary>Orders problems by path, array indices as numbers (<c>[2]</c> before <c>[10]</c>); problems at one path keep their order.</summary>
    internal static List<PolicyProblem> InPathOrder(IEnumerable<PolicyProblem> problems) => [.. problems.OrderBy(static p => p.Path, PathComparer.Instance)];

    private sealed class PathComparer : IComparer<string>
    {
        internal static readonly PathComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            ReadOnlySpan<char> a = x, b = y;
            while (a.Length > 0 && b.Length > 0)
            {
                if (char.IsAsciiDigit(a[0]) && char.IsAsciiDigit(b[0]))
                {
                    var (m, n) = (Digits(a), Digits(b));
                    var byNumber = m != n ? m.CompareTo(n) : a[..m].CompareTo(b[..n], StringComparison.Ordinal);
                    if (byNumber != 0)
                    {
                        return byNumber;
                    }

                    a = a[m..];
                    b = b[n..];
                    continue;
                }

                if (a[0] != b[0])
                {
                    return a[0].CompareTo(b[0]);
                }

                a = a[1..];
                b = b[1..];
            }

            return a.Length.CompareTo(b.Length);
        }

        private static int Digits(ReadOnlySpan<char> s)
        {
            var i = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            return i;
        }
    }
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
