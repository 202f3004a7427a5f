using System.Reflection;
using Consumables.Rules.Pricing;
using NRules;
using NRules.Diagnostics;
using NRules.Fluent;
using NRules.RuleModel;

namespace Consumables.Rules.NRules;

/// <summary>
/// Users' NRules rule classes, loaded from assemblies and compiled once into a shared, thread-safe session factory;
/// each visit runs in a session of its own over one <see cref="PricedLine"/> per line and the caller's context facts.
/// </summary>
internal sealed class NRulesVisitRules : IVisitRules
{
    private readonly ISessionFactory? _factory;

    private NRulesVisitRules(ISessionFactory? factory, IReadOnlyList<string> ruleNames, IReadOnlyList<string> errors)
    {
        _factory = factory;
        RuleNames = ruleNames;
        Errors = errors;
    }

    /// <summary>Gets the names of the compiled rules.</summary>
    internal IReadOnlyList<string> RuleNames { get; }

    /// <summary>Gets the problems that kept the rules from compiling (each naming its rule); empty when they compiled.</summary>
    internal IReadOnlyList<string> Errors { get; }

    /// <inheritdoc />
    public bool HasRules => _factory is not null && RuleNames.Count > 0;

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
            var names = rules.Select(static r => r.Name).ToList();
            var duplicates = names.GroupBy(static n => n, StringComparer.Ordinal).Where(static g => g.Count() > 1).Select(static g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                return Failed(duplicates.Select(static d => $"NRules rule '{d}' is defined more than once; rule names must be unique.").ToList());
            }

            return new NRulesVisitRules(rules.Count == 0 ? null : repository.Compile(), names, []);
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
    public void Run(PricingVisit visit)
    {
        if (_factory is null)
        {
            return;
        }

        var session = _factory.CreateSession();
        session.Events.RuleFiringEvent += (_, e) => visit.CurrentRule = e.Rule.Name;
        session.Events.RhsExpressionFailedEvent += (_, e) =>
        {
            e.IsHandled = true;
            Fail(visit, e.Match.Rule.Name, e.Match.Facts.Select(static f => f.Value), e.Exception);
        };
        session.Events.LhsExpressionFailedEvent += (_, e) =>
        {
            e.IsHandled = true;
            foreach (var rule in e.Rules)
            {
                Fail(visit, rule.Name, e.Facts.Select(static f => f.Value), e.Exception);
            }
        };
        session.Events.AgendaExpressionFailedEvent += (_, e) =>
        {
            e.IsHandled = true;
            Fail(visit, e.Rule.Name, e.Match.Facts.Select(static f => f.Value), e.Exception);
        };

        session.InsertAll(visit.Lines);
        var context = visit.Facts.Where(static f => f is not null and not PricedLine).Distinct(ReferenceEqualityComparer.Instance).ToList();
        if (context.Count > 0)
        {
            session.InsertAll(context!);
        }

        session.Fire();
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
}
