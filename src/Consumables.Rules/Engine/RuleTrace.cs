using System.Collections;
using System.Text.Json.Serialization;

namespace Consumables.Rules.Engine;

/// <summary>
/// The record of one evaluation: every rule considered, in the order considered, whether it fired and why. Serialises
/// to JSON as an array of <c>{ "rule", "fired", "because", "asserted": [{ "fact", "value", "contribution", "aggregation" }] }</c>
/// (the last two for aggregate facts only).
/// </summary>
/// <remarks>
/// Not thread-safe: one trace per evaluation. Keyed rules whose key does not match are not considered (they are found by
/// hash). Each condition reads "what was tested — held (value)" or "— failed (value)", values rendered by the trace's
/// <see cref="Formatter"/>.
/// </remarks>
public sealed class RuleTrace : IReadOnlyList<RuleTraceEntry>
{
    private readonly List<RuleTraceEntry> _entries = [];

    /// <summary>Initializes a new instance of the <see cref="RuleTrace"/> class.</summary>
    /// <param name="formatter">Renders fact values; <see langword="null"/> means <see cref="TraceFormatter.Invariant"/>.</param>
    public RuleTrace(TraceFormatter? formatter = null) => Formatter = formatter ?? TraceFormatter.Invariant;

    /// <summary>Gets the formatter that renders fact values in this trace.</summary>
    [JsonIgnore]
    public TraceFormatter Formatter { get; }

    /// <summary>Gets the entries, in the order the rules were considered.</summary>
    public IReadOnlyList<RuleTraceEntry> Entries => _entries;

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public RuleTraceEntry this[int index] => _entries[index];

    /// <inheritdoc />
    public IEnumerator<RuleTraceEntry> GetEnumerator() => _entries.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Returns the trace as text, one entry a line in the order considered (<see cref="RuleTraceEntry.ToString"/>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Join('\n', _entries);

    internal void Add(RuleTraceEntry entry) => _entries.Add(entry);

    internal void Clear() => _entries.Clear();
}

/// <summary>One rule considered during an evaluation.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Fired">Whether it fired.</param>
/// <param name="Because">For a rule that fired, every condition tested and that it held, with the values seen; for one that did not, the condition that failed (with the values seen) or the fact already decided.</param>
/// <param name="Asserted">The facts it asserted, with their values after the assertion.</param>
public sealed record RuleTraceEntry(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("fired")] bool Fired,
    [property: JsonPropertyName("because")] string Because,
    [property: JsonPropertyName("asserted")] IReadOnlyList<AssertedFact> Asserted)
{
    /// <summary>Returns the entry on one line: <c>payable: listed … — held (true) → coverage = payable</c>; a rule that did not fire says so.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Rule}: {(Fired ? string.Empty : "not fired: ")}{Because}{string.Concat(Asserted.Select(static a => " → " + a))}";
}

/// <summary>A fact a rule asserted, with its value; for an aggregate, the value after combining and the rule's own contribution.</summary>
/// <param name="Fact">The fact's name.</param>
/// <param name="Value">The value after the assertion (for an aggregate, the result folded so far), rendered by the trace's formatter.</param>
/// <param name="Contribution">For an aggregate fact, the value this rule contributed before folding; <see langword="null"/> otherwise.</param>
/// <param name="Aggregation">For an aggregate fact, the name of the aggregation that folded the contribution into <paramref name="Value"/> (<c>min</c>); <see langword="null"/> otherwise.</param>
public sealed record AssertedFact(
    [property: JsonPropertyName("fact")] string Fact,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("contribution"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Contribution = null,
    [property: JsonPropertyName("aggregation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Aggregation = null)
{
    /// <summary>Returns what was asserted: <c>limit = 1000.000000 (this rule: 50000.000000, folded by min)</c> for an aggregate fact, <c>coverage = payable</c> otherwise.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Contribution is { } own
        ? $"{Fact} = {Value} (this rule: {own}, folded by {Aggregation})"
        : $"{Fact} = {Value}";
}
