using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Consumables.Rules.Pricing;
using NRules;
using NRules.Diagnostics;
using NRules.Fluent;
using NRules.RuleModel;

namespace Consumables.Rules.NRules;

/// <summary>
/// Users' NRules rule classes, loaded from assemblies and compiled once into a shared, thread-safe session factory;
/// each visit runs over one <see cref="PricedLine"/> per line and the caller's context facts, in a session its thread
/// reuses (everything is retracted after the visit).
/// </summary>
/// <remarks>
/// A visit in which some rule's required fact types are all present is the only kind that runs a session: a rule whose
/// left-hand side needs a fact of a type the visit does not hold (a <c>Ward</c> on a line priced on its own) cannot
/// match, so with no rule able to match the stage is skipped. A visit's session fires at most
/// <see cref="PricingVisit.FiringLimit"/> rules; past it the visit's lines fail naming the last rule fired.
/// </remarks>
internal sealed class NRulesVisitRules : IVisitRules
{
    private readonly ISessionFactory? _factory;
    private readonly Requirement[][] _requirements;
    private readonly ThreadLocal<VisitSession?> _sessions = new();

    private NRulesVisitRules(ISessionFactory? factory, IReadOnlyList<IRuleDefinition> rules, IReadOnlyList<string> errors)
    {
        _factory = factory;
        RuleNames = [.. rules.Select(static r => r.Name)];
        _requirements = [.. rules.Select(Requirements)];
        MatchesLineAlone = _requirements.Any(static needs => needs.All(static n => n.Type.IsAssignableFrom(typeof(PricedLine))));
        Errors = errors;
    }

    /// <summary>Gets the names of the compiled rules.</summary>
    internal IReadOnlyList<string> RuleNames { get; }

    /// <summary>Gets the problems that kept the rules from compiling (each naming its rule); empty when they compiled.</summary>
    internal IReadOnlyList<string> Errors { get; }

    /// <inheritdoc />
    public bool HasRules => _factory is not null && RuleNames.Count > 0;

    /// <inheritdoc />
    public bool MatchesLineAlone { get; }

    /// <summary>Loads the rule classes of the assemblies and compiles them; problems are collected, never thrown.</summary>
    /// <param name="assemblies">The assemblies holding the rule classes.</param>
    /// <param name="activator">Creates rule instances (dependency injection), or <see langword="null"/> for public constructors.</param>
    /// <returns>The compiled rules, or the problems.</returns>
    internal static NRulesVisitRules Load(IReadOnlyCollection<Assembly> assemblies, IRuleActivator? activator = null) =>
        Load(spec => spec.From(assemblies), activator);

    /// <summary>Loads the rule classes a load specification names and compiles them; problems are collected, never thrown.</summary>
    /// <param name="specification">Which rule classes to load.</param>
    /// <param name="activator">Creates rule instances, or <see langword="null"/> for public constructors.</param>
    /// <returns>The compiled rules, or the problems.</returns>
    internal static NRulesVisitRules Load(Action<IRuleLoadSpec> specification, IRuleActivator? activator = null)
    {
        var repository = activator is null ? new RuleRepository() : new RuleRepository(activator);
        try
        {
            repository.Load(specification);
            var rules = repository.GetRules().ToList();
            var duplicates = rules.GroupBy(static r => r.Name, StringComparer.Ordinal).Where(static g => g.Count() > 1).Select(static g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                return Failed(duplicates.Select(static d => $"NRules rule '{d}' is defined more than once; rule names must be unique.").ToList());
            }

            return new NRulesVisitRules(rules.Count == 0 ? null : repository.Compile(), rules, []);
        }
        catch (RuleDefinitionException ex)
        {
            return Failed([$"NRules rule class '{ex.RuleTypeName}' cannot be defined: {Innermost(ex)}"]);
        }
        catch (RuleCompilationException ex)
        {
            return Failed([$"NRules rule '{ex.RuleName}' does not compile: {Innermost(ex)}"]);
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or TypeLoadException or InvalidOperationException or ArgumentException)
        {
            return Failed([$"NRules rules cannot be loaded: {Innermost(ex)}"]);
        }
    }

    /// <inheritdoc />
    public bool MayMatch(IEnumerable<object> facts)
    {
        if (MatchesLineAlone)
        {
            return true;
        }

        foreach (var needs in _requirements)
        {
            if (needs.All(n => n.Type.IsAssignableFrom(typeof(PricedLine)) || facts.Any(f => f is not null && n.Type.IsInstanceOfType(f))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether some rule may match the visit: each of its required patterns has a fact of its type (a line or a context
    /// fact) that passes the pattern's own conditions. A condition that throws counts as passing, so the session reports it.
    /// </summary>
    private bool MayMatch(PricingVisit visit)
    {
        foreach (var needs in _requirements)
        {
            var all = true;
            foreach (var need in needs)
            {
                if (!Has(need, visit.Lines) && !Has(need, visit.Facts))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;

        static bool Has(Requirement need, IEnumerable<object> facts)
        {
            foreach (var fact in facts)
            {
                if (fact is not null && need.Type.IsInstanceOfType(fact) && need.Holds(fact))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <inheritdoc />
    public void Run(PricingVisit visit)
    {
        if (_factory is null || !MayMatch(visit))
        {
            return;
        }

        var session = _sessions.Value ?? new VisitSession(_factory);
        _sessions.Value = null; // a session that throws half-way is dropped, never reused
        session.Run(visit);
        _sessions.Value = session;
    }

    /// <summary>
    /// The facts a rule needs before it can match: one for each of its left-hand side's top-level patterns over facts (not
    /// an aggregate's, not under <c>Not</c>, <c>Exists</c>, <c>Or</c> or <c>ForAll</c>, which can hold without one), of the
    /// pattern's type and passing the pattern's conditions that read that fact alone (a join's conditions are left out).
    /// </summary>
    private static Requirement[] Requirements(IRuleDefinition rule) =>
        [.. rule.LeftHandSide.ChildElements.OfType<PatternElement>().Where(static p => p.Source is null).Select(static p => new Requirement(p.ValueType, OwnConditions(p)))];

    /// <summary>The pattern's conditions over its own fact alone, compiled into one test of an object, or null when it has none.</summary>
    private static Func<object, bool>? OwnConditions(PatternElement pattern)
    {
        var own = pattern.Expressions
            .Where(e => e.Name == PatternElement.ConditionName && e.Expression.Parameters.Count == 1 && e.Expression.Parameters[0].Type == pattern.ValueType)
            .Select(static e => e.Expression)
            .ToList();
        if (own.Count == 0)
        {
            return null;
        }

        var fact = Expression.Parameter(typeof(object), "fact");
        var typed = Expression.Variable(pattern.ValueType, "typed");
        var body = own.Select(c => (Expression)Expression.Invoke(c, typed)).Aggregate(Expression.AndAlso);
        return Expression.Lambda<Func<object, bool>>(Expression.Block([typed], Expression.Assign(typed, Expression.Convert(fact, pattern.ValueType)), body), fact).Compile();
    }

    /// <summary>A rule that threw: an error naming it on the lines it matched, or on every line when it matched none.</summary>
    private static void Fail(PricingVisit visit, string rule, IEnumerable<object?> facts, Exception? exception)
    {
        var message = exception is null ? "an expression failed" : Innermost(exception);
        var lines = facts.OfType<PricedLine>().ToList();
        foreach (var line in lines.Count > 0 ? lines : visit.Lines)
        {
            line.Fail(rule, message);
        }
    }

    private static string Innermost(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return ReferenceEquals(inner, exception) ? exception.Message : $"{exception.Message} {inner.GetType().Name}: {inner.Message}";
    }

    private static NRulesVisitRules Failed(IReadOnlyList<string> errors) => new(null, [], errors);

    /// <summary>A fact a rule needs: its type, and the test of its pattern's own conditions (null: any fact of the type).</summary>
    private sealed record Requirement(Type Type, Func<object, bool>? Test)
    {
        /// <summary>Whether the fact passes the pattern's own conditions; a condition that throws counts as passing.</summary>
        internal bool Holds(object fact)
        {
            try
            {
                return Test is null || Test(fact);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// One thread's session, its event handlers attached once, reused visit after visit: each visit's facts are inserted,
    /// fired and retracted again, so the next visit finds the session as new.
    /// </summary>
    private sealed class VisitSession
    {
        private readonly ISession _session;
        private readonly List<object> _context = [];
        private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);
        private PricingVisit? _visit;

        internal VisitSession(ISessionFactory factory)
        {
            _session = factory.CreateSession();
            _session.Events.RuleFiringEvent += (_, e) => _visit!.CurrentRule = e.Rule.Name;
            _session.Events.RhsExpressionFailedEvent += (_, e) =>
            {
                e.IsHandled = true;
                Fail(_visit!, e.Match.Rule.Name, e.Match.Facts.Select(static f => f.Value), e.Exception);
            };
            _session.Events.LhsExpressionFailedEvent += (_, e) =>
            {
                e.IsHandled = true;
                foreach (var rule in e.Rules)
                {
                    Fail(_visit!, rule.Name, e.Facts.Select(static f => f.Value), e.Exception);
                }
            };
            _session.Events.AgendaExpressionFailedEvent += (_, e) =>
            {
                e.IsHandled = true;
                Fail(_visit!, e.Rule.Name, e.Match.Facts.Select(static f => f.Value), e.Exception);
            };
        }

        /// <summary>Runs the rules over one visit and leaves the session empty.</summary>
        internal void Run(PricingVisit visit)
        {
            _visit = visit;
            foreach (var fact in visit.Facts)
            {
                if (fact is not null and not PricedLine && _seen.Add(fact))
                {
                    _context.Add(fact);
                }
            }

            _session.InsertAll(visit.Lines);
            if (_context.Count > 0)
            {
                _session.InsertAll(_context);
            }

            var fired = _session.Fire(visit.FiringLimit);
            if (fired >= visit.FiringLimit && !_session.Agenda.IsEmpty)
            {
                var rule = visit.CurrentRule;
                foreach (var line in visit.Lines)
                {
                    line.Fail(rule, string.Create(CultureInfo.InvariantCulture,
                        $"the visit's rules were still firing after {visit.FiringLimit:N0} firings (the limit a visit; '{rule}' fired last): a rule whose action updates or inserts a fact every time it fires never comes to rest."));
                }
            }

            Clear(fired);
        }

        /// <summary>Retracts the visit's facts and anything its rules inserted, so the session is as new.</summary>
        private void Clear(int fired)
        {
            _session.TryRetractAll(_visit!.Lines);
            if (_context.Count > 0)
            {
                _session.TryRetractAll(_context);
            }

            if (fired > 0)
            {
                // Facts the rules inserted stay after the visit's own are gone.
                var left = ((IEnumerable<object>)_session.Query<object>()).ToList();
                if (left.Count > 0)
                {
                    _session.TryRetractAll(left);
                }
            }

            if (!_session.Agenda.IsEmpty)
            {
                _session.Agenda.Clear();
            }

            _visit = null;
            _context.Clear();
            _seen.Clear();
        }
    }
}
