using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Consumables.Rules;

/// <summary>Signals an options change when a configured policy file changes on disk, so <see cref="IOptionsMonitor{TOptions}"/> reloads the pricer.</summary>
internal sealed class PolicyFileChangeTokenSource : IOptionsChangeTokenSource<ConsumablesRulesOptions>, IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private CancellationTokenSource _changed = new();

    public PolicyFileChangeTokenSource(IEnumerable<IConfigureOptions<ConsumablesRulesOptions>> setups)
    {
        var probe = new ConsumablesRulesOptions();
        foreach (var setup in setups)
        {
            setup.Configure(probe);
        }

        foreach (var path in probe.PolicyFiles.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            var folder = Path.GetDirectoryName(path);
            if (folder is null || !Directory.Exists(folder))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(folder, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => Signal();
            watcher.Created += (_, _) => Signal();
            watcher.Renamed += (_, _) => Signal();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _changed.Dispose();
    }

    /// <summary>Gets the failure of the last reload, when the changed policy was invalid (the pricer kept its policies).</summary>
    internal Exception? LastReloadError { get; private set; }

    private void Signal()
    {
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        try
        {
            // The options monitor validates the changed options here; an invalid policy must not crash the watcher's thread.
            previous.Cancel();
            LastReloadError = null;
        }
        catch (AggregateException ex)
        {
            LastReloadError = ex.InnerException ?? ex;
        }
        finally
        {
            previous.Dispose();
        }
    }
}
