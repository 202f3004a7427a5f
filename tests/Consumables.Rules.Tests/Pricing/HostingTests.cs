using System.Diagnostics.Metrics;
using Consumables.Rules.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Consumables.Rules.Tests.Pricing;

public sealed class HostingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-tests-").FullName;

    private static ChargeLine BonePlate => ChargeLine.Create("C03111608002007064100000001", 1m, 1200m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AddConsumablesRules_registers_one_singleton_pricer_under_the_default_policy()
    {
        using var provider = new ServiceCollection().AddConsumablesRules().AddConsumablesRules().BuildServiceProvider();

        var pricer = provider.GetRequiredService<IConsumablePricer>();

        Assert.Same(pricer, provider.GetRequiredService<IConsumablePricer>());
        Assert.Single(provider.GetServices<IConsumablePricer>());
        Assert.Equal("sx-2026-b1", pricer.Price(BonePlate).PolicyId);
        Assert.Equal(900m, pricer.Price(BonePlate).InPolicyScope);
    }

    [Fact]
    public void Options_are_validated_at_start_with_every_problem()
    {
        var services = new ServiceCollection().AddConsumablesRules(o =>
        {
            o.PolicyFiles.Add(Path.Combine(_folder, "missing.json"));
            o.PolicyStreams.Add(() => new MemoryStream("{}"u8.ToArray()));
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, static f => f.Contains("missing.json", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, static f => f.Contains("PolicyStreams[0]", StringComparison.Ordinal) && f.Contains("$.format", StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_policy_is_reloaded_atomically_and_results_name_the_version()
    {
        var (path, trigger, provider) = PricerOverPolicyFile();
        using var disposable = provider;
        var pricer = provider.GetRequiredService<IConsumablePricer>();
        Assert.Equal("sx-2026-b1", pricer.Price(BonePlate).PolicyId);

        File.WriteAllText(path, PolicyVersion.Default.ToJson().Replace("\"sx-2026-b1\"", "\"sx-2026-b1r2\"", StringComparison.Ordinal).Replace("\"maxPaymentLimit\": 1000.00", "\"maxPaymentLimit\": 1100.00", StringComparison.Ordinal));
        trigger.Fire();

        var after = pricer.Price(BonePlate);
        Assert.Equal("sx-2026-b1r2", after.PolicyId);
        Assert.Equal(1100m, after.EffectiveLimit);
    }

    [Fact]
    public void An_invalid_reloaded_policy_leaves_the_current_one_in_use()
    {
        var (path, trigger, provider) = PricerOverPolicyFile();
        using var disposable = provider;
        var pricer = provider.GetRequiredService<IConsumablePricer>();

        File.WriteAllText(path, "{ broken");
        var error = Assert.Throws<AggregateException>(trigger.Fire);

        Assert.IsType<OptionsValidationException>(error.InnerException);
        Assert.Equal("sx-2026-b1", pricer.Price(BonePlate).PolicyId);
    }

    [Fact]
    public void Reload_reads_the_files_again_even_for_the_same_options()
    {
        var path = Path.Combine(_folder, "same.json");
        File.WriteAllText(path, PolicyVersion.Default.ToJson());
        var options = new ConsumablesRulesOptions { PolicyFiles = { path } };
        var pricer = ConsumablePricer.Create(options);

        File.WriteAllText(path, PolicyVersion.Default.ToJson().Replace("\"sx-2026-b1\"", "\"sx-2026-b1r3\"", StringComparison.Ordinal));
        pricer.Reload(options);

        Assert.Equal("sx-2026-b1r3", pricer.Price(BonePlate).PolicyId);
    }

    [Fact]
    public void The_meter_counts_lines_priced_and_failed_by_error_code()
    {
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ConsumablePricer.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + string.Concat(tags.ToArray().Select(static t => ":" + t.Value));
            lock (counts)
            {
                counts[key] = counts.GetValueOrDefault(key) + value;
            }
        });
        listener.Start();
        var pricer = ConsumablePricer.Create(new ConsumablesRulesOptions());

        pricer.Price(BonePlate);
        pricer.Price(BonePlate with { Quantity = 0m });

        Assert.True(counts.GetValueOrDefault("consumables.lines.priced") >= 1);
        Assert.True(counts.GetValueOrDefault("consumables.lines.failed:zero-quantity") >= 1);
        Assert.True(counts.GetValueOrDefault("consumables.rules.fired") >= 1);
    }

    /// <summary>A DI pricer over a policy file written from the default, with a change trigger the test fires.</summary>
    private (string Path, ManualChangeTokenSource Trigger, ServiceProvider Provider) PricerOverPolicyFile()
    {
        var path = Path.Combine(_folder, "policy.json");
        File.WriteAllText(path, PolicyVersion.Default.ToJson());
        var trigger = new ManualChangeTokenSource();
        var services = new ServiceCollection().AddConsumablesRules(o => o.PolicyFiles.Add(path));
        services.AddSingleton<IOptionsChangeTokenSource<ConsumablesRulesOptions>>(trigger);
        return (path, trigger, services.BuildServiceProvider());
    }

    private sealed class ManualChangeTokenSource : IOptionsChangeTokenSource<ConsumablesRulesOptions>
    {
        private CancellationTokenSource _source = new();

        public string? Name => Options.DefaultName;

        public IChangeToken GetChangeToken() => new CancellationChangeToken(_source.Token);

        public void Fire()
        {
            var previous = Interlocked.Exchange(ref _source, new CancellationTokenSource());
            previous.Cancel();
        }
    }
}
