namespace Consumables.Rules.Cli.Output;

/// <summary>
/// Writes a file so that it is either wholly replaced or left as it was: the content goes to a temporary file in the
/// target's folder (same file system, so the rename is atomic), which is flushed to disk and then renamed over the
/// target. A failure, Ctrl-C or <c>kill</c> before the rename leaves the previous file untouched; every file the tool
/// writes goes through here.
/// </summary>
/// <remarks>
/// Temporary files still open are tracked so that an interrupt (<see cref="AbandonAll"/>) can remove them before the
/// process exits; a <c>kill -9</c> cannot be caught and may leave one behind (named <c>.NAME.*.tmp</c>), never a
/// harmed target.
/// </remarks>
internal sealed class SafeFile : IDisposable
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<SafeFile> Pending = [];
    private static bool _abandoned;

    private readonly string _target;
    private readonly string _temporary;
    private readonly FileStream _stream;
    private bool _done;

    private SafeFile(string target)
    {
        _target = Path.GetFullPath(target);
        var folder = Path.GetDirectoryName(_target)!;
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"The folder of the output file '{target}' does not exist.");
        }

        _temporary = Path.Combine(folder, $".{Path.GetFileName(_target)}.{Guid.NewGuid():N}.tmp");
        lock (Gate)
        {
            if (_abandoned)
            {
                throw new OperationCanceledException("The run was interrupted.");
            }

            _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            Pending.Add(this);
        }
    }

    /// <summary>Gets the stream to write the new content to.</summary>
    internal Stream Stream => _stream;

    /// <summary>Starts writing a new version of <paramref name="target"/>.</summary>
    internal static SafeFile Create(string target) => new(target);

    /// <summary>Writes a whole file at once through a temporary file.</summary>
    internal static void Write(string target, Action<Stream> write)
    {
        using var file = Create(target);
        write(file.Stream);
        file.Commit();
    }

    /// <summary>Refuses an output path that names one of the run's input files (after resolving links): writing it would destroy the input.</summary>
    /// <exception cref="UsageException">The output is one of the inputs.</exception>
    internal static void RefuseInputs(string output, IEnumerable<string> inputs)
    {
        var target = Resolve(output);
        foreach (var input in inputs)
        {
            if (input != "-" && string.Equals(Resolve(input), target, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"The output file '{output}' is also an input of this run ('{input}'); refusing to overwrite it.");
            }
        }
    }

    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    /// <summary>Removes every temporary file still open and refuses later commits: the process is about to exit on a signal.</summary>
    internal static void AbandonAll()
    {
        lock (Gate)
        {
            _abandoned = true;
            foreach (var file in Pending)
            {
                // The main thread may be writing: unlink the file under it (POSIX allows that) rather than close its stream.
                file._done = true;
                try
                {
                    File.Delete(file._temporary);
                }
                catch (IOException)
                {
                    file.Discard();
                }
                catch (UnauthorizedAccessException)
                {
                    file.Discard();
                }
            }

            Pending.Clear();
        }
    }

    /// <summary>Flushes the content to disk and renames it over the target.</summary>
    internal void Commit()
    {
        lock (Gate)
        {
            if (_abandoned || _done)
            {
                throw new OperationCanceledException("The run was interrupted; the output file was left as it was.");
            }

            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_temporary, _target, overwrite: true);
            _done = true;
            Pending.Remove(this);
        }
    }

    /// <summary>Removes the temporary file unless committed: the target stays as it was.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (!_done)
            {
                Discard();
                Pending.Remove(this);
            }
        }
    }

    private void Discard()
    {
        _done = true;
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // A full disk can fail the final flush; the file is deleted below all the same.
        }

        File.Delete(_temporary);
    }
}
