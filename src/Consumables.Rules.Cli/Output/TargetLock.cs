using System.Diagnostics;
using System.Globalization;

namespace Consumables.Rules.Cli.Output;

/// <summary>
/// An exclusive lock on a file the tool reads and then replaces (an import into a policy): a lock file beside the
/// target, <c>.NAME.lock</c>, opened with no sharing, which the operating system releases when the process ends however
/// it ends (exit, crash, <c>kill -9</c>). A second run waits for it up to <see cref="Wait"/>, then fails with a message and
/// writes nothing, so two imports into one policy run one after the other and neither loses the other's rows.
/// </summary>
/// <remarks>
/// The lock file is left in place (empty): deleting it on release would let a run that opened the old file and a run
/// that created a new one both believe they hold the lock. Only runs of this tool honour it.
/// </remarks>
internal sealed class TargetLock : IDisposable
{
    private readonly FileStream? _file;

    private TargetLock(FileStream? file) => _file = file;

    /// <summary>Gets or sets how long a run waits for another run's lock before it gives up (30 seconds).</summary>
    internal static TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Takes the lock on <paramref name="target"/> (its final file, links followed), waiting up to <see cref="Wait"/>.</summary>
    /// <exception cref="UsageException">Another run held the lock for the whole wait.</exception>
    internal static TargetLock Acquire(string target)
    {
        var final = SafeFile.FinalTarget(Path.GetFullPath(target));
        if (SafeFile.KindOf(final) == SafeFile.FileKind.Special)
        {
            return new TargetLock(null);
        }

        var folder = Path.GetDirectoryName(final)!;
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"The folder of the output file '{target}' does not exist.");
        }

        var path = Path.Combine(folder, $".{Path.GetFileName(final)}.lock");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new TargetLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException ex) when (ex is not (DirectoryNotFoundException or PathTooLongException) && waited.Elapsed < Wait)
            {
                Thread.Sleep(100);
            }
            catch (IOException ex) when (ex is not (DirectoryNotFoundException or PathTooLongException))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"Another run is writing '{target}' (it holds the lock '{path}'); waited {Wait.TotalSeconds:N0} s. Nothing was written: run this again when it has finished."));
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file?.Dispose();
}
