using System.Diagnostics.Metrics;
using Consumables.Rules.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

    [Fact]
    public void Loading_logs_the_policy_the_rules_and_the_policies_applied_and_the_status_says_applied()
    {
        var logs = new LogCapture();
        var (_, _, provider) = PricerOverPolicyFile(logs);
        using var disposable = provider;

        provider.GetRequiredService<IConsumablePricer>();

        var loaded = Assert.Single(logs.Events, static e => e.Name == "PolicyLoaded");
        Assert.Equal(LogLevel.Information, loaded.Level);
        Assert.Equal("sx-2026-b1", loaded.State["PolicyId"]);
        Assert.Equal(PolicyVersion.Default.Catalogue.Count, loaded.State["Entries"]);
        Assert.Equal(PolicyVersion.Default.Products.Count, loaded.State["Products"]);
        Assert.Contains("policy.json", (string)loaded.State["Source"]!, StringComparison.Ordinal);
        Assert.True(loaded.State.ContainsKey("ElapsedMilliseconds"));
        var rules = Assert.Single(logs.Events, static e => e.Name == "RulesCompiled");
        Assert.Contains("generated code", rules.Message, StringComparison.Ordinal);
        Assert.Contains(logs.Events, static e => e.Name == "ReloadApplied" && e.Message.Contains("sx-2026-b1", StringComparison.Ordinal));
        Assert.All(logs.Events, static e => Assert.Equal("Consumables.Rules", e.Category));

        var status = provider.GetRequiredService<PolicyReloadStatus>().Last;
        Assert.NotNull(status);
        Assert.True(status.Applied);
        Assert.Equal(["sx-2026-b1"], status.PolicyIds);
        Assert.Empty(status.Problems);
    }

    [Fact]
    public void A_refused_reload_is_logged_with_every_problem_and_the_status_keeps_them()
    {
        var logs = new LogCapture();
        var (path, trigger, provider) = PricerOverPolicyFile(logs);
        using var disposable = provider;
        var pricer = provider.GetRequiredService<IConsumablePricer>();
        var json = PolicyVersion.Default.ToJson();

        // Replaced whole, so the file watcher (which may reload too) never reads a half-written file.
        ReplaceFile(path, json.Replace("\"sx-2026-b1\"", "\"\"", StringComparison.Ordinal).Replace("\"itemCap\": 50000.00", "\"itemCap\": -1", StringComparison.Ordinal));
        Assert.Throws<AggregateException>(trigger.Fire);

        var status = provider.GetRequiredService<PolicyReloadStatus>().Last!;
        Assert.False(status.Applied);
        Assert.True(status.Problems.Count >= 2, string.Join("; ", status.Problems));
        Assert.Equal(["sx-2026-b1"], status.PolicyIds);
        // The file watcher may report the write too: every refusal logged names every problem.
        var refused = logs.Events.Last(e => e.Name == "ReloadRefused" && Equals(e.State["ProblemCount"], status.Problems.Count));
        Assert.Equal(LogLevel.Error, refused.Level);
        Assert.Equal(status.Problems.Count, refused.State["ProblemCount"]);
        Assert.All(status.Problems, p => Assert.Contains(p.Message, refused.Message, StringComparison.Ordinal));
        Assert.Equal("sx-2026-b1", pricer.Price(BonePlate).PolicyId);

        ReplaceFile(path, json.Replace("\"sx-2026-b1\"", "\"sx-2026-b1r4\"", StringComparison.Ordinal));
        trigger.Fire();

        Assert.True(provider.GetRequiredService<PolicyReloadStatus>().Last!.Applied);
        Assert.Equal(["sx-2026-b1r4"], provider.GetRequiredService<PolicyReloadStatus>().Last!.PolicyIds);
        Assert.Equal("sx-2026-b1r4", pricer.Price(BonePlate).PolicyId);
    }

    [Fact]
    public void The_files_watched_follow_the_options_after_every_change()
    {
        var first = Path.Combine(_folder, "first.json");
        var second = Path.Combine(_folder, "second.json");
        File.WriteAllText(first, PolicyVersion.Default.ToJson());
        File.WriteAllText(second, PolicyVersion.Default.ToJson().Replace("\"sx-2026-b1\"", "\"sx-2026-b1r5\"", StringComparison.Ordinal));
        var current = first;
        var trigger = new ManualChangeTokenSource();
        var services = new ServiceCollection().AddConsumablesRules(o => o.PolicyFiles.Add(current));
        services.AddSingleton<IOptionsChangeTokenSource<ConsumablesRulesOptions>>(trigger);
        using var provider = services.BuildServiceProvider();
        var pricer = provider.GetRequiredService<IConsumablePricer>();
        var watcher = provider.GetRequiredService<PolicyFileChangeTokenSource>();
        Assert.Equal([Path.GetFullPath(first)], watcher.Watched);

        current = second;
        trigger.Fire();

        Assert.Equal([Path.GetFullPath(second)], watcher.Watched);
        Assert.Equal("sx-2026-b1r5", pricer.Price(BonePlate).PolicyId);
    }

    /// <summary>A DI pricer over a policy file written from the default, with a change trigger the test fires.</summary>
    private (string Path, ManualChangeTokenSource Trigger, ServiceProvider Provider) PricerOverPolicyFile(LogCapture? logs = null)
    {
        var path = Path.Combine(_folder, "policy.json");
        File.WriteAllText(path, PolicyVersion.Default.ToJson());
        var trigger = new ManualChangeTokenSource();
        var services = new ServiceCollection().AddConsumablesRules(o => o.PolicyFiles.Add(path));
        if (logs is not null)
        {
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        }

        services.AddSingleton<IOptionsChangeTokenSource<ConsumablesRulesOptions>>(trigger);
        return (path, trigger, services.BuildServiceProvider());
    }

    /// <summary>A logger provider that keeps every event with its structured state.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        private readonly List<LogEvent> _events = [];

        internal IReadOnlyList<LogEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(static p => p.Key, static p => p.Value) : [];
                lock (owner._events)
                {
                    owner._events.Add(new LogEvent(category, logLevel, eventId.Name ?? string.Empty, formatter(state, exception), values));
                }
            }
        }
    }

    private sealed record LogEvent(string Category, LogLevel Level, string Name, string Message, Dictionary<string, object?> State);

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

    private static void ReplaceFile(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
