using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Consumables.Rules;

/// <summary>
/// Signals an options change when a policy file the current options name changes on disk, so
/// <see cref="IOptionsMonitor{TOptions}"/> reloads the pricer. The files watched follow the options: the validator
/// calls <see cref="Watch"/> with every options instance the host builds, so after a change to <c>PolicyFiles</c>
/// (configuration reloaded, say) the new files are watched and the ones no longer named are not.
/// </summary>
internal sealed class PolicyFileChangeTokenSource : IOptionsChangeTokenSource<ConsumablesRulesOptions>, IDisposable
{
    private readonly Dictionary<string, FileSystemWatcher> _watchers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();
    private bool _disposed;

    public string? Name => Options.DefaultName;

    /// <summary>Gets the full paths watched now.</summary>
    internal IReadOnlyCollection<string> Watched
    {
        get
        {
            lock (_gate)
            {
                return [.. _watchers.Keys];
            }
        }
    }

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    /// <summary>Watches exactly these files (those whose folder exists), stopping the watchers of files no longer named.</summary>
    internal void Watch(IEnumerable<string> files)
    {
        var wanted = files.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            foreach (var gone in _watchers.Keys.Where(path => !wanted.Contains(path)).ToList())
            {
                _watchers.Remove(gone, out var watcher);
                watcher!.Dispose();
            }

            foreach (var path in wanted.Where(path => !_watchers.ContainsKey(path)))
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
                _watchers.Add(path, watcher);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var watcher in _watchers.Values)
            {
                watcher.Dispose();
            }

            _watchers.Clear();
        }

        _changed.Dispose();
    }

    private void Signal()
    {
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        try
        {
            // The options monitor validates the changed options here; the validator has logged and recorded a refusal,
            // and an invalid policy must not crash the watcher's thread.
            previous.Cancel();
        }
        catch (AggregateException)
        {
        }
        finally
        {
            previous.Dispose();
        }
    }
}
