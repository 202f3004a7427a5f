using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>
/// A compiled, immutable rule set: evaluates the rules over one working memory at a time, deterministically (plan
/// order: dependencies, then priority, then declaration), with no reflection, no expression compilation, no locks and,
/// with tracing off, no heap allocation.
/// </summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
/// <remarks>Thread-safe: any number of threads may evaluate at once, each over its own working memory.</remarks>
public sealed class CompiledRuleSet<TFacts>
    where TFacts : struct
{
    private readonly PlanStep<TFacts>[] _steps;
    private readonly RuleProgram<TFacts> _program;
    private readonly Dictionary<Fact, int> _indexes;
    private readonly FactMask _inputs;
    private readonly PrecompiledRuleSet<TFacts>? _precompiled;
    private readonly PrecompiledContext<TFacts>? _context;

    internal CompiledRuleSet(string name, string version, PlanStep<TFacts>[] steps, IReadOnlyList<Rule<TFacts>> rules, Dictionary<Fact, int> indexes, FactMask inputs)
    {
        Name = name;
        Version = version;
        _steps = steps;
        _program = new RuleProgram<TFacts>(steps, inputs);
        Rules = rules;
        _indexes = indexes;
        _inputs = inputs;
    }

    private CompiledRuleSet(CompiledRuleSet<TFacts> source, PrecompiledRuleSet<TFacts> precompiled)
    {
        Name = source.Name;
        Version = source.Version;
        _steps = source._steps;
        _program = source._program;
        Rules = source.Rules;
        _indexes = source._indexes;
        _inputs = source._inputs;
        _precompiled = precompiled;
        _context = new PrecompiledContext<TFacts>(source._program);
    }

    /// <summary>Gets the rule set's name.</summary>
    public string Name { get; }

    /// <summary>Gets the rule set's version.</summary>
    public string Version { get; }

    /// <summary>Gets the rules in plan order (the order they are considered).</summary>
    public IReadOnlyList<Rule<TFacts>> Rules { get; }

    /// <summary>Gets the facts the rule set knows.</summary>
    public IEnumerable<Fact> Facts => _indexes.Keys;

    /// <summary>Evaluates the rules over <paramref name="facts"/>; allocates nothing.</summary>
    /// <param name="facts">The working memory, with its input facts filled; derived facts are written into it.</param>
    /// <returns>Which facts were asserted, how many rules fired, and which rule halted the evaluation, if any.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EvaluationOutcome Evaluate(ref TFacts facts)
    {
        if (_precompiled is { } precompiled)
        {
            var asserted = new UInt128(_inputs.High, _inputs.Low);
            var count = precompiled.Run(ref facts, _context!, ref asserted, out var halted);
            return new EvaluationOutcome(this, FactMask.From(unchecked((ulong)asserted), unchecked((ulong)(asserted >> 64))), count, halted);
        }

        var mask = _inputs;
        var fired = 0;
        var haltedBy = _program.Run(ref facts, ref mask, ref fired);
        return new EvaluationOutcome(this, mask, fired, haltedBy);
    }

    /// <summary>Evaluates the rules over <paramref name="facts"/> and records every rule considered in <paramref name="trace"/>.</summary>
    /// <param name="facts">The working memory.</param>
    /// <param name="trace">The trace to fill (cleared first).</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trace"/> is <see langword="null"/>.</exception>
    public EvaluationOutcome Evaluate(ref TFacts facts, RuleTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        trace.Clear();
        return Run(ref facts, new TraceState(trace, _indexes.Count));
    }

    /// <summary>Gets a value indicating whether untraced evaluations run generated code (see <see cref="WithPrecompiled"/>).</summary>
    public bool IsPrecompiled => _precompiled is not null;

    /// <summary>
    /// Generates C# that evaluates this rule set untraced with no interpreter: an internal sealed class whose static
    /// <c>RuleSet</c> property is a <see cref="PrecompiledRuleSet{TFacts}"/>. Add the file to the project that declares
    /// the rules, then attach it with <see cref="WithPrecompiled"/>.
    /// </summary>
    /// <param name="namespaceName">The namespace of the generated class.</param>
    /// <param name="className">The name of the generated class.</param>
    /// <returns>The source of one C# file.</returns>
    /// <remarks>
    /// The code reads and writes the working memory at the byte offsets this runtime gives its fields, and calls back
    /// into the rule set for conditions and actions made of delegates, keyed groups whose key is not an integer, and the
    /// names of halting rules. Traced evaluations always use the rules themselves.
    /// </remarks>
    /// <exception cref="ArgumentException">A name is not a valid C# namespace or class name (a keyword included), or the
    /// class name is one of the generated class's own members (<c>RuleSet</c>, <c>Evaluate</c>, <c>K0</c>, <c>K1</c>, …).</exception>
    /// <exception cref="NotSupportedException">The working memory is a generic type.</exception>
    public string ToCSharp(string namespaceName, string className)
    {
        ArgumentNullException.ThrowIfNull(namespaceName);
        ArgumentNullException.ThrowIfNull(className);
        var description = $"rule set '{Name}' version '{Version}'".Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).ReplaceLineEndings(" ");
        return _program.ToCSharp(namespaceName, className, description);
    }

    /// <summary>
    /// Returns this rule set running <paramref name="precompiled"/> for untraced evaluations when that code was generated
    /// from the same program; otherwise returns this rule set unchanged (check <see cref="IsPrecompiled"/>).
    /// </summary>
    /// <param name="precompiled">Code generated by <see cref="ToCSharp"/>.</param>
    /// <returns>A rule set equal to this one in every result, or this one.</returns>
    /// <remarks>
    /// Generated code is never run for a program it was not generated from: the fingerprint covers everything the code
    /// holds (every instruction, offset, constant, integer key and the working memory's type and size), so a rule
    /// added, replaced or disabled, rules reordered, a changed constant, or a runtime that lays out the working memory
    /// differently keeps the interpreter. What the code looks up in the rule set at run time (delegates, keys found by
    /// hash, names) is not fixed in it and may change. A working memory the generator does not support (a generic
    /// struct) keeps the interpreter too.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="precompiled"/> is <see langword="null"/>.</exception>
    public CompiledRuleSet<TFacts> WithPrecompiled(PrecompiledRuleSet<TFacts> precompiled)
    {
        ArgumentNullException.ThrowIfNull(precompiled);
        return _program.Fingerprint is { } fingerprint && string.Equals(precompiled.Fingerprint, fingerprint, StringComparison.Ordinal)
            ? new CompiledRuleSet<TFacts>(this, precompiled) : this;
    }

    /// <summary>Says whether a fact is known to this rule set, and returns its index for <see cref="EvaluationOutcome.IsAsserted(int)"/>.</summary>
    /// <param name="fact">The fact.</param>
    /// <param name="index">Its index.</param>
    /// <returns><see langword="true"/> when the rule set knows the fact.</returns>
    public bool TryGetIndex(Fact fact, out int index) => _indexes.TryGetValue(fact, out index);

    private EvaluationOutcome Run(ref TFacts facts, TraceState trace)
    {
        var mask = _inputs;
        var fired = 0;
        string? haltedBy = null;
        var steps = _steps;
        for (var i = 0; i < steps.Length; i++)
        {
            var rule = steps[i].Rule;
            if (rule is null)
            {
                haltedBy = steps[i].Group!.Run(ref facts, ref mask, ref fired, trace);
            }
            else
            {
                var result = rule.Run(ref facts, ref mask, trace);
                if (result == RunResult.NotFired)
                {
                    continue;
                }

                fired++;
                haltedBy = result == RunResult.Halted ? rule.Rule.Name : null;
            }

            if (haltedBy is not null)
            {
                break;
            }
        }

        return new EvaluationOutcome(this, mask, fired, haltedBy);
    }

    /// <summary>Gets the compiled program of untraced evaluations (for tests and diagnostics).</summary>
    internal RuleProgram<TFacts> Program => _program;

    /// <summary>Gets a value indicating whether the program is a decision graph (else rule after rule).</summary>
    internal bool IsDecisionGraph => _program.IsDecisionGraph;

    internal int IndexOf(Fact fact) =>
        _indexes.TryGetValue(fact, out var index) ? index : throw new ArgumentException($"Fact '{fact.Name}' is not part of rule set '{Name}'.", nameof(fact));
}

/// <summary>What one evaluation did: which facts were asserted, how many rules fired, and which rule halted it.</summary>
/// <remarks>A small value; creating it allocates nothing.</remarks>
public readonly struct EvaluationOutcome
{
    private readonly object? _ruleSet;
    private readonly FactMask _mask;

    internal EvaluationOutcome(object ruleSet, FactMask mask, int firedCount, string? haltedBy)
    {
        _ruleSet = ruleSet;
        _mask = mask;
        FiredCount = firedCount;
        HaltedBy = haltedBy;
    }

    /// <summary>Gets the number of rules that fired.</summary>
    public int FiredCount { get; }

    /// <summary>Gets the name of the rule that halted the evaluation, or <see langword="null"/>.</summary>
    public string? HaltedBy { get; }

    /// <summary>Gets a value indicating whether a rule halted the evaluation.</summary>
    public bool Halted => HaltedBy is not null;

    /// <summary>Says whether a fact holds a value after the evaluation (inputs always do).</summary>
    /// <typeparam name="TFacts">The working-memory struct.</typeparam>
    /// <param name="fact">The fact.</param>
    /// <returns><see langword="true"/> when the fact was asserted or is an input.</returns>
    /// <exception cref="ArgumentException">The fact is not part of the evaluated rule set.</exception>
    public bool IsAsserted<TFacts>(Fact<TFacts> fact)
        where TFacts : struct
    {
        ArgumentNullException.ThrowIfNull(fact);
        var ruleSet = _ruleSet as CompiledRuleSet<TFacts> ?? throw new ArgumentException("The fact's working memory is not the evaluated rule set's.", nameof(fact));
        return _mask.Has(ruleSet.IndexOf(fact));
    }

    /// <summary>Says whether the fact of the given index (<see cref="CompiledRuleSet{TFacts}.TryGetIndex"/>) holds a value; no lookup.</summary>
    /// <param name="index">The fact's index.</param>
    /// <returns><see langword="true"/> when asserted.</returns>
    public bool IsAsserted(int index) => (uint)index < FactMask.Capacity && _mask.Has(index);
}
