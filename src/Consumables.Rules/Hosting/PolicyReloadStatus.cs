using Consumables.Rules.Policy;

namespace Consumables.Rules;

/// <summary>
/// The outcome of the DI-registered pricer's most recent policy load or reload: resolve it from the service provider
/// (<c>services.GetRequiredService&lt;PolicyReloadStatus&gt;()</c>) to report in a health check or an admin page.
/// </summary>
/// <remarks>Thread-safe. Registered by <see cref="ConsumablesRulesServiceCollectionExtensions.AddConsumablesRules"/>.</remarks>
public sealed class PolicyReloadStatus
{
    private readonly TimeProvider _clock;
    private PolicyReloadOutcome? _last;

    /// <summary>Initializes a new instance of the <see cref="PolicyReloadStatus"/> class.</summary>
    /// <param name="clock">The clock that stamps outcomes; <see langword="null"/> means the system clock.</param>
    public PolicyReloadStatus(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>Gets the outcome of the most recent load or reload; <see langword="null"/> before the pricer first loaded its policies.</summary>
    public PolicyReloadOutcome? Last => Volatile.Read(ref _last);

    internal void Applied(IReadOnlyList<string> policyIds) =>
        Volatile.Write(ref _last, new PolicyReloadOutcome { Applied = true, PolicyIds = policyIds, Problems = [], At = _clock.GetUtcNow() });

    internal void Refused(IReadOnlyList<PolicyProblem> problems) =>
        Volatile.Write(ref _last, new PolicyReloadOutcome { Applied = false, PolicyIds = Last?.PolicyIds ?? [], Problems = problems, At = _clock.GetUtcNow() });
}

/// <summary>What one policy load or reload did: applied (the policies in use changed), or refused with every problem (the previous policies stay).</summary>
public sealed record PolicyReloadOutcome
{
    /// <summary>Gets a value indicating whether the new policies were applied.</summary>
    public bool Applied { get; init; }

    /// <summary>Gets the ids of the policy versions in use after the load or reload.</summary>
    public IReadOnlyList<string> PolicyIds { get; init; } = [];

    /// <summary>Gets every problem of a refused load or reload, with its path; empty when applied.</summary>
    public IReadOnlyList<PolicyProblem> Problems { get; init; } = [];

    /// <summary>Gets when the outcome was recorded (UTC).</summary>
    public DateTimeOffset At { get; init; }
}
