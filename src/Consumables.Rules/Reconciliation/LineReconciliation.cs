using Consumables.Rules.Engine;

namespace Consumables.Rules;

/// <summary>Whether a line agrees with what the platform returned.</summary>
public enum ReconciliationStatus
{
    /// <summary>Every field the platform returned agrees with the rules (<c>agrees</c>).</summary>
    Agrees = 1,

    /// <summary>At least one field differs; each difference has a cause (<c>differs</c>).</summary>
    Differs,

    /// <summary>The line could not be held against the platform: a field could not be read, nothing was returned, or the rules rejected the line (<c>error</c>).</summary>
    Error,
}

/// <summary>
/// One line held against the split the platform returned: every field compared, each difference with its cause, the
/// rules' result and, for a differing line, the rules' trace.
/// </summary>
/// <remarks>An immutable value; <see cref="Status"/> follows from <see cref="Errors"/> and <see cref="Fields"/>.</remarks>
public sealed record LineReconciliation
{
    /// <summary>Gets the rules' result for the line; it carries the rule trace when the line differs.</summary>
    public PricingResult Result { get; init; }

    /// <summary>Gets what the platform returned.</summary>
    public ReturnedSplit Returned { get; init; } = new();

    /// <summary>Gets every field the platform returned, held against the rules' value, in the interface's order.</summary>
    public IReadOnlyList<FieldComparison> Fields { get; init; } = [];

    /// <summary>Gets why the line could not be reconciled (bad fields, nothing returned, or the rules' rejection); empty otherwise.</summary>
    public IReadOnlyList<PricingError> Errors { get; init; } = [];

    /// <summary>Gets whether the line agrees, differs or could not be reconciled.</summary>
    public ReconciliationStatus Status =>
        Errors.Count > 0 ? ReconciliationStatus.Error
        : Fields.Any(static f => !f.Agrees) ? ReconciliationStatus.Differs
        : ReconciliationStatus.Agrees;

    /// <summary>Gets the stable name of <see cref="Status"/>: <c>agrees</c>, <c>differs</c> or <c>error</c>.</summary>
    public string StatusName => Status switch
    {
        ReconciliationStatus.Agrees => "agrees",
        ReconciliationStatus.Differs => "differs",
        _ => "error",
    };

    /// <summary>Gets the fields that differ.</summary>
    public IEnumerable<FieldComparison> Differences => Fields.Where(static f => !f.Agrees);

    /// <summary>Gets the rules' trace (every rule considered and why), present for a differing line.</summary>
    public RuleTrace? Trace => Result.Trace;
}
