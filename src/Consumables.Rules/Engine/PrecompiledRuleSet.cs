using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>
/// A rule set's untraced evaluation as C# generated ahead of time by <see cref="CompiledRuleSet{TFacts}.ToCSharp"/>
/// and compiled with the application: straight-line code with no interpreter in between. Generated code derives from
/// this class; nothing else should. Attach it to the rule set it was generated from with
/// <see cref="CompiledRuleSet{TFacts}.WithPrecompiled"/>.
/// </summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
/// <remarks>
/// The generated code carries the fingerprint of the program it was generated from. A rule set whose program differs
/// (a rule added, changed or disabled; a runtime laying out the working memory differently) keeps its interpreter, so
/// stale generated code is never run. Immutable and thread-safe.
/// </remarks>
public abstract class PrecompiledRuleSet<TFacts>
    where TFacts : struct
{
    /// <summary>Initializes a new instance of the <see cref="PrecompiledRuleSet{TFacts}"/> class (called by generated code).</summary>
    /// <param name="fingerprint">The fingerprint of the program the code was generated from.</param>
    /// <exception cref="ArgumentException"><paramref name="fingerprint"/> is empty.</exception>
    protected PrecompiledRuleSet(string fingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint);
        Fingerprint = fingerprint;
    }

    /// <summary>Gets the fingerprint of the program the code was generated from.</summary>
    public string Fingerprint { get; }

    /// <summary>Runs the generated evaluation (implemented by generated code only).</summary>
    /// <param name="facts">The working memory.</param>
    /// <param name="context">The rule set's conditions, actions, keyed groups and halting rules that the code calls.</param>
    /// <param name="asserted">Which facts are asserted, one bit per fact index; updated.</param>
    /// <param name="haltedBy">The name of the rule that halted the evaluation, or <see langword="null"/>.</param>
    /// <returns>The number of rules that fired.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected abstract int Evaluate(ref TFacts facts, PrecompiledContext<TFacts> context, ref UInt128 asserted, out string? haltedBy);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Run(ref TFacts facts, PrecompiledContext<TFacts> context, ref UInt128 asserted, out string? haltedBy) =>
        Evaluate(ref facts, context, ref asserted, out haltedBy);
}

/// <summary>
/// What generated code calls back into: the conditions and actions that have no inline form, keyed groups whose key
/// is not an integer, and the names of halting rules (used by generated code only).
/// </summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PrecompiledContext<TFacts>
    where TFacts : struct
{
    private readonly RuleProgram<TFacts> _program;

    internal PrecompiledContext(RuleProgram<TFacts> program) => _program = program;

    /// <summary>Tests condition <paramref name="index"/>.</summary>
    /// <param name="index">The condition's index in the program.</param>
    /// <param name="facts">The working memory.</param>
    /// <param name="assertedLow">Which of facts 0 to 63 are asserted.</param>
    /// <param name="assertedHigh">Which of facts 64 to 127 are asserted.</param>
    /// <returns>Whether the condition holds.</returns>
    public bool Test(int index, ref TFacts facts, ulong assertedLow, ulong assertedHigh) => _program.Test(index, ref facts, FactMask.From(assertedLow, assertedHigh));

    /// <summary>Runs action <paramref name="index"/>.</summary>
    /// <param name="index">The action's index in the program.</param>
    /// <param name="facts">The working memory.</param>
    /// <param name="alreadyAsserted">Whether the action's target already holds a value.</param>
    public void Execute(int index, ref TFacts facts, bool alreadyAsserted) => _program.Execute(index, ref facts, alreadyAsserted);

    /// <summary>Finds where the rules of keyed group <paramref name="group"/> matching the working memory's key start.</summary>
    /// <param name="group">The group's index.</param>
    /// <param name="facts">The working memory.</param>
    /// <returns>The index of the first instruction of the matching rules, or -1.</returns>
    public int Find(int group, ref TFacts facts) => _program.Find(group, ref facts);

    /// <summary>Gets the name of halting rule <paramref name="index"/>.</summary>
    /// <param name="index">The rule's index among the halting rules.</param>
    /// <returns>The rule's name.</returns>
    public string Name(int index) => _program.Name(index);
}
