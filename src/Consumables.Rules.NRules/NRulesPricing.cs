using System.Reflection;
using Consumables.Rules.NRules.Translation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NRules.Fluent;

namespace Consumables.Rules.NRules;

/// <summary>Plugs NRules into a pricer: users' own NRules rule classes, and NRules as the engine of the standard rules.</summary>
public static class NRulesPricing
{
    /// <summary>
    /// Loads the NRules rule classes of <paramref name="assemblies"/>, compiles them once and registers them with the
    /// pricer: they run per visit (<see cref="IConsumablePricer.PriceVisit"/>) after the standard decisions and before the
    /// split, over one <see cref="PricedLine"/> per line and the caller's context facts. Also makes
    /// <see cref="PricingEngine.NRules"/> available to <see cref="ConsumablesRulesOptions.Engine"/>.
    /// </summary>
    /// <param name="services">The service collection (call <c>AddConsumablesRules</c> too).</param>
    /// <param name="assemblies">The assemblies holding the rule classes; none registers no rules (the NRules engine only).</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="assemblies"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Harmless when called twice: the assemblies of every call are loaded together, each once. Rule classes are created
    /// through the service provider, so their constructors may take services. Rules that do not compile are reported by
    /// options validation (<c>ValidateOnStart</c>), each naming its rule. The pricer stays thread-safe and reloadable.
    /// </remarks>
    public static IServiceCollection AddNRulesPricingRules(this IServiceCollection services, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(assemblies);
        var registration = services.FirstOrDefault(static d => d.ServiceType == typeof(RuleAssemblies))?.ImplementationInstance as RuleAssemblies;
        if (registration is null)
        {
            registration = new RuleAssemblies();
            services.AddSingleton(registration);
            services.TryAddSingleton(static sp => NRulesVisitRules.Load(sp.GetRequiredService<RuleAssemblies>().Assemblies, new ServiceProviderActivator(sp)));
            services.AddOptions<ConsumablesRulesOptions>().Configure<NRulesVisitRules>(static (options, rules) => Attach(options, rules));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsumablesRulesOptions>, NRulesOptionsValidator>());
        }

        foreach (var assembly in assemblies)
        {
            ArgumentNullException.ThrowIfNull(assembly, nameof(assemblies));
            if (!registration.Assemblies.Contains(assembly))
            {
                registration.Assemblies.Add(assembly);
            }
        }

        return services;
    }

    /// <summary>
    /// Loads and compiles the NRules rule classes of <paramref name="assemblies"/> into <paramref name="options"/>, for a
    /// pricer built without dependency injection (<see cref="ConsumablePricer.Create(ConsumablesRulesOptions)"/>); also makes
    /// <see cref="PricingEngine.NRules"/> available.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="assemblies">The assemblies holding the rule classes.</param>
    /// <returns>The same options, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="assemblies"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A rule does not compile; the message names every problem.</exception>
    public static ConsumablesRulesOptions UseNRules(this ConsumablesRulesOptions options, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(assemblies);
        var rules = NRulesVisitRules.Load(assemblies.Distinct().ToList());
        if (rules.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, rules.Errors));
        }

        Attach(options, rules);
        return options;
    }

    /// <summary>Hands compiled users' rules and the NRules engine to the options.</summary>
    internal static void Attach(ConsumablesRulesOptions options, NRulesVisitRules rules)
    {
        options.VisitRules = rules;
        options.NRulesEngine = RuleSetTranslator.CreateEngine;
    }

    /// <summary>The assemblies every <see cref="AddNRulesPricingRules"/> call named.</summary>
    private sealed class RuleAssemblies
    {
        internal List<Assembly> Assemblies { get; } = [];
    }

    /// <summary>Creates rule classes through the service provider, so their constructors may take services.</summary>
    private sealed class ServiceProviderActivator(IServiceProvider services) : IRuleActivator
    {
        public IEnumerable<global::NRules.Fluent.Dsl.Rule> Activate(Type type) =>
            [(global::NRules.Fluent.Dsl.Rule)ActivatorUtilities.CreateInstance(services, type)];
    }

    /// <summary>Reports, at start, every NRules rule that does not compile.</summary>
    private sealed class NRulesOptionsValidator(NRulesVisitRules rules) : IValidateOptions<ConsumablesRulesOptions>
    {
        public ValidateOptionsResult Validate(string? name, ConsumablesRulesOptions options) =>
            rules.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(rules.Errors);
    }
}
