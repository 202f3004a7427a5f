using System.Diagnostics.CodeAnalysis;

namespace Consumables.Rules.Policy;

/// <summary>Policy versions ordered by date, answering which version is in force on a service date.</summary>
/// <remarks>Immutable and thread-safe; <see cref="TryGetVersionFor"/> allocates nothing.</remarks>
public sealed class PolicyTimeline
{
    private readonly PolicyVersion[] _versions;

    private PolicyTimeline(PolicyVersion[] versions) => _versions = versions;

    /// <summary>Gets the versions, ordered by their first day in force.</summary>
    public IReadOnlyList<PolicyVersion> Versions => _versions;

    /// <summary>Creates a timeline; versions whose periods overlap are an error.</summary>
    /// <param name="versions">The versions, in any order.</param>
    /// <returns>The timeline.</returns>
    /// <exception cref="PolicyLoadException">Two versions overlap, or two share an id; every such pair is listed.</exception>
    public static PolicyTimeline Create(IEnumerable<PolicyVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var ordered = versions.OrderBy(static v => v.EffectiveFrom).ToArray();
        var problems = new List<PolicyProblem>();
        for (var i = 1; i < ordered.Length; i++)
        {
            var (before, after) = (ordered[i - 1], ordered[i]);
            if (before.EffectiveTo is not { } end || end >= after.EffectiveFrom)
            {
                problems.Add(new PolicyProblem("$.effectiveFrom", $"Policy versions '{before.Id}' and '{after.Id}' overlap: '{before.Id}' is still in force on {after.EffectiveFrom:yyyy-MM-dd}."));
            }
        }

        foreach (var duplicate in ordered.GroupBy(static v => v.Id, StringComparer.Ordinal).Where(static g => g.Count() > 1))
        {
            problems.Add(new PolicyProblem("$.id", $"Two policy versions share the id '{duplicate.Key}'."));
        }

        return problems.Count > 0 ? throw new PolicyLoadException(problems) : new PolicyTimeline(ordered);
    }

    /// <summary>Finds the version in force on a date.</summary>
    /// <param name="date">The service date.</param>
    /// <param name="version">The version.</param>
    /// <returns><see langword="false"/> when no version is in force (before the first, in a gap, or after the last ends).</returns>
    public bool TryGetVersionFor(DateOnly date, [NotNullWhen(true)] out PolicyVersion? version)
    {
        for (var i = _versions.Length - 1; i >= 0; i--)
        {
            if (_versions[i].EffectiveFrom <= date)
            {
                version = _versions[i].IsInForce(date) ? _versions[i] : null;
                return version is not null;
            }
        }

        version = null;
        return false;
    }
}
