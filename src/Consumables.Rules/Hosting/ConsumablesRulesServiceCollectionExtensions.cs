using Consumables.Rules.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Consumables.Rules;

/// <summary>Registers Consumables.Rules with dependency injection.</summary>
public static class ConsumablesRulesServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton, thread-safe <see cref="IConsumablePricer"/> configured by <paramref name="configure"/>; with no
    /// policy files or streams it prices under the embedded default policy.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; may be <see langword="null"/>.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Harmless when called twice: services are added with <c>TryAdd</c>, and each call's <paramref name="configure"/> is
    /// applied in order. Options are validated at start (<c>ValidateOnStart</c>), every problem at once. When the options
    /// change (<see cref="IOptionsMonitor{TOptions}"/>, for example a changed policy file), the pricer reloads and swaps
    /// its policies atomically; an invalid new policy leaves the current one in use. Each load and reload is logged (category
    /// <c>Consumables.Rules</c>, when an <see cref="ILoggerFactory"/> is registered) and its outcome is kept in the registered
    /// <see cref="PolicyReloadStatus"/>.
    /// </remarks>
    public static IServiceCollection AddConsumablesRules(this IServiceCollection services, Action<ConsumablesRulesOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<ConsumablesRulesOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddSingleton<PolicyFileChangeTokenSource>();
        services.TryAddSingleton(static sp => new PolicyReloadStatus(sp.GetService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsumablesRulesOptions>, ConsumablesRulesOptionsValidator>(
            static sp => new ConsumablesRulesOptionsValidator(Logger(sp), sp.GetRequiredService<PolicyReloadStatus>(), sp.GetRequiredService<PolicyFileChangeTokenSource>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOptionsChangeTokenSource<ConsumablesRulesOptions>, PolicyFileChangeTokenSource>(
            static sp => sp.GetRequiredService<PolicyFileChangeTokenSource>()));
        services.TryAddSingleton(static sp => new ReloadingPricer(
            sp.GetRequiredService<IOptionsMonitor<ConsumablesRulesOptions>>(), Logger(sp), sp.GetRequiredService<PolicyReloadStatus>()));
        services.TryAddSingleton<IConsumablePricer>(static sp => sp.GetRequiredService<ReloadingPricer>());
        return services;
    }

    /// <summary>The library's logger from the container's logger factory, or none when logging is not registered.</summary>
    private static ILogger Logger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(Log.Category) ?? NullLogger.Instance;
}
