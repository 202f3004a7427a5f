using System.Linq.Expressions;
using System.Reflection;
using Consumables.Rules.Engine;
using NRules;
using NRules.RuleModel;
using NRules.RuleModel.Builders;

namespace Consumables.Rules.NRules.Translation;

/// <summary>
/// A compiled rule set translated into NRules rule definitions (NRules.RuleModel) and compiled by NRules: one NRules
/// rule per rule, keeping its name, description, tags and place; the compiled engine's semantics kept exactly.
/// </summary>
/// <remarks>
/// <para>
/// The compiled engine considers each rule once, in plan order (rules asserting a fact before the rules reading it;
/// then priority; then declaration). Each translated rule therefore gets an NRules priority that keeps that order
/// (the first rule the highest), a guard that it has not fired yet, a guard that none of the single facts it asserts is
/// decided yet (first decision wins), and then its own conditions. Its action asserts its facts through
/// <see cref="RuleMemory{TFacts}.Assert"/> (aggregates fold with their own aggregation), tells NRules the memory changed,
/// and halts the session when the rule halts. NRules is told the memory changed only when the rule asserted a fact some
/// rule later in the plan reads (in a condition, its key or its guard): when a rule fires, every rule before it has had
/// its turn, so a change only they read cannot matter. A fired rule's activation is consumed, and its guard keeps it from
/// firing again. Since a rule never reads what a later rule asserts, NRules' agenda fires the same rules in the same
/// order as the compiled engine.
/// </para>
/// <para>Immutable and thread-safe: each thread reuses a session of its own, emptied after every evaluation.</para>
/// </remarks>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
internal sealed class RuleSetTranslation<TFacts>
    where TFacts : struct
{
    private const string MemoryName = "memory";

    private static readonly MethodInfo ReadMethod = typeof(RuleMemory<TFacts>).GetMethod(nameof(RuleMemory<TFacts>.Read))!;
    private static readonly MethodInfo AssertMethod = typeof(RuleMemory<TFacts>).GetMethod(nameof(RuleMemory<TFacts>.Assert))!;
    private static readonly MethodInfo IsAssertedMethod = typeof(RuleMemory<TFacts>).GetMethod(nameof(RuleMemory<TFacts>.IsAsserted))!;
    private static readonly MethodInfo HasFiredMethod = typeof(RuleMemory<TFacts>).GetMethod(nameof(RuleMemory<TFacts>.HasFired))!;
    private static readonly MethodInfo FiringMethod = typeof(RuleMemory<TFacts>).GetMethod(nameof(RuleMemory<TFacts>.Firing))!;
    private static readonly MethodInfo FiredMethod = typeof(RuleMemory<TFacts>).GetMethod(nameof(RuleMemory<TFacts>.Fired))!;
    private static readonly MethodInfo UpdateMethod = typeof(IContext).GetMethod(nameof(IContext.Update), [typeof(object)])!;
    private static readonly MethodInfo HaltMethod = typeof(IContext).GetMethod(nameof(IContext.Halt))!;

    private readonly CompiledRuleSet<TFacts> _rules;
    private readonly ISessionFactory _factory;
    private readonly HashSet<Fact>[] _readAfter;
    private readonly ThreadLocal<ISession> _session;

    /// <summary>Translates and compiles <paramref name="rules"/>.</summary>
    /// <param name="rules">The compiled rule set, users' changes included.</param>
    /// <exception cref="RuleTranslationException">A rule cannot be translated or NRules does not compile it; the message names it.</exception>
    internal RuleSetTranslation(CompiledRuleSet<TFacts> rules)
    {
        _rules = rules;
        foreach (var fact in rules.Facts.OfType<Fact<TFacts>>().Where(static f => f.Kind == FactKind.Input))
        {
            Inputs.Set(rules.IndexOf(fact));
        }

        // Facts the rules after each plan position read (a single fact's guard reads it too): only an assertion of one of
        // these can change which of the rules still to come match, so only then is NRules told the memory changed. The
        // rules before a position have had their turn: each is considered once, as in the compiled engine.
        _readAfter = new HashSet<Fact>[rules.Rules.Count];
        var readLater = new HashSet<Fact>();
        for (var position = rules.Rules.Count - 1; position >= 0; position--)
        {
            _readAfter[position] = [.. readLater];
            var rule = rules.Rules[position];
            readLater.UnionWith((rule.Key?.Reads ?? []).Concat(rule.Conditions.SelectMany(static c => c.Reads))
                .Concat(rule.Actions.Select(static a => a.Target).Where(static t => t.Kind == FactKind.Single)));
        }

        Definitions = [.. rules.Rules.Select(Translate)];
        try
        {
            _factory = new RuleCompiler().Compile(Definitions);
        }
        catch (global::NRules.RuleCompilationException ex)
        {
            throw new RuleTranslationException(ex.RuleName, $"NRules does not compile rule '{ex.RuleName}': {ex.InnerException?.Message ?? ex.Message}", ex);
        }

        _session = new ThreadLocal<ISession>(_factory.CreateSession);
    }

    /// <summary>Gets the NRules rule definitions, in plan order.</summary>
    internal IReadOnlyList<IRuleDefinition> Definitions { get; }

    /// <summary>Gets the rules in plan order.</summary>
    internal IReadOnlyList<Rule<TFacts>> Rules => _rules.Rules;

    /// <summary>Gets the facts asserted before any rule runs (the inputs).</summary>
    internal FactMask Inputs;

    /// <summary>Runs the rules over <paramref name="facts"/> in an NRules session of its own.</summary>
    /// <param name="facts">The working memory; derived facts are written into it.</param>
    /// <param name="trace">The trace to fill with the rules that fired (cleared first), or <see langword="null"/>.</param>
    /// <returns>How many rules fired.</returns>
    internal int Evaluate(ref TFacts facts, RuleTrace? trace)
    {
        trace?.Clear();
        var memory = new RuleMemory<TFacts>(this, facts, trace);

        // A session is reused by its thread: the evaluation's one fact is retracted afterwards, which leaves the
        // session as new (nothing else is ever inserted), and a session is never shared between threads.
        var session = _session.Value!;
        session.Insert(memory);
        try
        {
            var fired = session.Fire();
            facts = memory.Facts;
            return fired;
        }
        finally
        {
            session.Retract(memory);
        }
    }

    /// <summary>What the rule of this plan position tested, that each test held, with the values it saw.</summary>
    internal string Explain(int rule, ref TFacts facts, TraceFormatter formatter) =>
        FiredRuleTrace.Matched(Rules[rule], Rules[rule].Conditions, ref facts, formatter);

    /// <summary>The values the rule of this plan position contributes to aggregate facts, before folding (null for other facts).</summary>
    internal string?[] Contributions(int rule, ref TFacts facts, TraceFormatter formatter)
    {
        var actions = Rules[rule].Actions;
        var contributions = new string?[actions.Length];
        for (var i = 0; i < actions.Length; i++)
        {
            contributions[i] = actions[i].Target.Kind == FactKind.Aggregate ? actions[i].Contribution(ref facts, formatter) : null;
        }

        return contributions;
    }

    /// <summary>The trace entry of a rule that fired: what it matched and the facts it asserted, with their values now and, for an aggregate, the rule's own contribution.</summary>
    internal RuleTraceEntry Entry(int rule, string because, string?[] contributions, ref TFacts facts, TraceFormatter formatter) =>
        FiredRuleTrace.Entry(Rules[rule], Rules[rule].Actions, because, contributions, ref facts, formatter);

    private IRuleDefinition Translate(Rule<TFacts> rule, int position)
    {
        try
        {
            var builder = new RuleBuilder();
            builder.Name(rule.Name);
            builder.Description(rule.Description);
            builder.Tags(rule.Tags);
            builder.Priority(Rules.Count - position);
            builder.Repeatability(RuleRepeatability.NonRepeatable);

            var pattern = builder.LeftHandSide().Pattern(typeof(RuleMemory<TFacts>), MemoryName);
            var memory = pattern.Declaration.ToParameterExpression();
            var reads = new Reads(memory, _rules);
            var tests = new List<Expression> { Expression.Not(Expression.Call(memory, HasFiredMethod, Expression.Constant(position))) };
            foreach (var single in rule.Actions.Select(static a => a.Target).Where(static t => t.Kind == FactKind.Single).Distinct())
            {
                tests.Add(Expression.Not(reads.IsAsserted(single)));
            }

            if (rule.Key is { } key)
            {
                tests.Add(key.ToExpression(reads));
            }

            tests.AddRange(rule.Conditions.Select(c => c.ToExpression(reads)));

            // One condition of the tests joined with &&, in this order: NRules evaluates it as one alpha node, so an update of
            // the memory costs one evaluation a rule (not one a test), and a fired or decided rule stops at its guard.
            pattern.Condition(Expression.Lambda(tests.Aggregate(Expression.AndAlso), memory));

            builder.RightHandSide().Action(Action(rule, position, memory, reads));
            return builder.Build();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new RuleTranslationException(rule.Name, $"Rule '{rule.Name}' cannot be translated to NRules: {ex.Message}", ex);
        }
    }

    /// <summary>The action: mark the firing, assert every fact in order, record it, tell NRules, halt when the rule halts.</summary>
    private LambdaExpression Action(Rule<TFacts> rule, int position, ParameterExpression memory, Reads reads)
    {
        var context = Expression.Parameter(typeof(IContext), "ctx");
        var at = Expression.Constant(position);
        var body = new List<Expression> { Expression.Call(memory, FiringMethod, at) };
        foreach (var action in rule.Actions)
        {
            var target = action.Target;
            body.Add(Expression.Call(memory, AssertMethod.MakeGenericMethod(target.ValueType), Expression.Constant(target, target.GetType()),
                Expression.Constant(_rules.IndexOf(target)), action.ValueExpression(reads)));
        }

        body.Add(Expression.Call(memory, FiredMethod, at));
        if (rule.Actions.Any(a => _readAfter[position].Contains(a.Target)))
        {
            body.Add(Expression.Call(context, UpdateMethod, memory));
        }

        if (rule.Halts)
        {
            body.Add(Expression.Call(context, HaltMethod));
        }

        return Expression.Lambda(Expression.Block(body), context, memory);
    }

    /// <summary>Reads of the working memory as calls on the <see cref="RuleMemory{TFacts}"/> fact.</summary>
    private sealed class Reads(ParameterExpression memory, CompiledRuleSet<TFacts> rules) : IFactExpressions<TFacts>
    {
        public Expression Read(Fact<TFacts> fact) =>
            Expression.Call(memory, ReadMethod.MakeGenericMethod(fact.ValueType), Expression.Constant(fact, fact.GetType()));

        public Expression IsAsserted(Fact<TFacts> fact) => Expression.Call(memory, IsAssertedMethod, Expression.Constant(rules.IndexOf(fact)));
    }
}

/// <summary>A rule cannot run on NRules: it cannot be translated, or NRules does not compile its translation.</summary>
public sealed class RuleTranslationException : Exception
{
    /// <summary>Initializes a new instance naming the rule.</summary>
    /// <param name="ruleName">The rule's name.</param>
    /// <param name="message">What is wrong, naming the rule.</param>
    /// <param name="innerException">The cause.</param>
    public RuleTranslationException(string ruleName, string message, Exception? innerException)
        : base(message, innerException) => RuleName = ruleName;

    /// <summary>Gets the name of the rule that cannot run on NRules.</summary>
    public string RuleName { get; }
}
