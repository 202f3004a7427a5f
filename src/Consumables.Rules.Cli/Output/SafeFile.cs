using System.Runtime.InteropServices;

namespace Consumables.Rules.Cli.Output;

/// <summary>
/// Writes an output file so that it is either wholly replaced or left as it was: the content goes to a temporary file
/// in the target's folder (same file system, so the rename is atomic), which is flushed to disk and then renamed over
/// the target. A failure, Ctrl-C or <c>kill</c> before the rename leaves the previous file untouched; every file the tool
/// writes goes through here.
/// </summary>
/// <remarks>
/// <para>A symbolic link is followed: the file it points to is replaced and the link is kept. A target that exists and
/// is not a regular file (a FIFO, a character device such as <c>/dev/null</c>, a socket) cannot be replaced by a rename
/// without destroying it, so it is written directly, streamed, with no temporary file; its reader sees what was written
/// up to a failure.</para>
/// <para>Temporary files still open are tracked so that an interrupt (<see cref="AbandonAll"/>) can remove them before
/// the process exits; a <c>kill -9</c> cannot be caught and may leave one behind (named <c>.NAME.*.tmp</c>), never a
/// harmed target.</para>
/// </remarks>
internal sealed partial class SafeFile : IDisposable
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<SafeFile> Pending = [];
    private static bool _abandoned;

    private readonly string _shown;
    private readonly string _target;
    private readonly string? _temporary;
    private readonly FileStream _stream;
    private bool _done;

    private SafeFile(string target)
    {
        _shown = target;
        _target = FinalTarget(Path.GetFullPath(target));
        var kind = KindOf(_target);
        if (kind == FileKind.Directory)
        {
            throw new UsageException($"The output '{target}' is a folder, not a file.");
        }

        if (kind == FileKind.Special)
        {
            // A FIFO or a device: renaming over it would replace it (as root, /dev/null itself); write to it as a shell redirection does.
            lock (Gate)
            {
                ThrowIfAbandoned();
                _stream = new FileStream(_target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
                Pending.Add(this);
            }

            return;
        }

        var folder = Path.GetDirectoryName(_target)!;
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"The folder of the output file '{target}' does not exist.");
        }

        _temporary = Path.Combine(folder, $".{Path.GetFileName(_target)}.{Guid.NewGuid():N}.tmp");
        lock (Gate)
        {
            ThrowIfAbandoned();
            _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            Pending.Add(this);
        }
    }

    /// <summary>What is at a path, as far as writing it needs to know.</summary>
    internal enum FileKind
    {
        /// <summary>Nothing: the file is created.</summary>
        Missing,

        /// <summary>A regular file: replaced by a rename.</summary>
        Regular,

        /// <summary>A folder: refused.</summary>
        Directory,

        /// <summary>A FIFO, a device or a socket: written directly.</summary>
        Special,
    }

    /// <summary>Gets the stream to write the new content to.</summary>
    internal Stream Stream => _stream;

    /// <summary>Gets a value indicating whether the output is written directly (a FIFO or a device) rather than replaced.</summary>
    internal bool IsDirect => _temporary is null;

    /// <summary>Starts writing a new version of <paramref name="target"/>.</summary>
    internal static SafeFile Create(string target) => new(target);

    /// <summary>Writes a whole file at once.</summary>
    internal static void Write(string target, Action<Stream> write)
    {
        using var file = Create(target);
        write(file.Stream);
        file.Commit();
    }

    /// <summary>
    /// Refuses an output path that names one of the run's input files (after resolving links), or the file standard
    /// input was redirected from when an input is <c>-</c>: writing it would destroy the input. A device or FIFO may be
    /// named twice (<c>/dev/null</c> as input and output destroys nothing).
    /// </summary>
    /// <exception cref="UsageException">The output is one of the inputs.</exception>
    internal static void RefuseInputs(string output, IEnumerable<string?> inputs, string? standardInputFile = null)
    {
        var target = FinalTarget(Path.GetFullPath(output));
        if (KindOf(target) is FileKind.Special or FileKind.Directory)
        {
            return;
        }

        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        foreach (var input in inputs)
        {
            var path = input == "-" ? standardInputFile : input;
            if (path is not null && string.Equals(FinalTarget(Path.GetFullPath(path)), target, comparison))
            {
                var named = input == "-" ? $"standard input ('{path}')" : $"'{input}'";
                throw new UsageException($"The output file '{output}' is also an input of this run ({named}); refusing to overwrite it.");
            }
        }
    }

    /// <summary>The file a path finally names: its symbolic links followed, even one whose target does not exist yet.</summary>
    internal static string FinalTarget(string full)
    {
        for (var hops = 0; hops < 40; hops++)
        {
            FileSystemInfo? link;
            try
            {
                link = new FileInfo(full).LinkTarget is { } target ? new FileInfo(Path.GetFullPath(target, Path.GetDirectoryName(full)!)) : null;
            }
            catch (IOException)
            {
                return full;
            }

            if (link is null)
            {
                return full;
            }

            full = link.FullName;
        }

        throw new UsageException($"The output '{full}' is a chain of symbolic links too long to follow (a loop?).");
    }

    /// <summary>Tells a regular file from a folder, a FIFO or a device (without opening it, which would block on a FIFO).</summary>
    internal static FileKind KindOf(string path)
    {
        if (Directory.Exists(path))
        {
            return FileKind.Directory;
        }

        if (!File.Exists(path))
        {
            return FileKind.Missing;
        }

        if (OperatingSystem.IsWindows())
        {
            return FileKind.Regular;
        }

        // .NET's public API reports a device or FIFO as a normal file; the runtime's own native shim gives the file type.
        // Its status record starts with two 32-bit fields, flags then mode, in every version; the buffer is ample for the rest.
        var status = new byte[512];
        try
        {
            if (Stat(path, status) != 0)
            {
                return FileKind.Regular;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return path.StartsWith("/dev/", StringComparison.Ordinal) ? FileKind.Special : FileKind.Regular;
        }

        const int TypeMask = 0xF000, RegularType = 0x8000;
        return (BitConverter.ToInt32(status, 4) & TypeMask) == RegularType ? FileKind.Regular : FileKind.Special;
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, [Out] byte[] status);

    /// <summary>
    /// Removes every temporary file still open and refuses later commits: the process is about to exit on a signal.
    /// </summary>
    /// <returns>What became of the outputs being written, in words for the closing message.</returns>
    internal static string AbandonAll()
    {
        var kept = new List<string>();
        var incomplete = new List<string>();
        lock (Gate)
        {
            _abandoned = true;
            foreach (var file in Pending)
            {
                file._done = true;
                if (file._temporary is null)
                {
                    incomplete.Add(file._shown);
                    continue;
                }

                kept.Add(file._shown);

                // The main thread may be writing: unlink the file under it (POSIX allows that) rather than close its stream.
                try
                {
                    File.Delete(file._temporary);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    file.Discard();
                }
            }

            Pending.Clear();
        }

        var parts = new List<string>();
        if (kept.Count > 0)
        {
            parts.Add($"{string.Join(", ", kept.Select(static k => $"'{k}'"))} left as it was (the partial output was removed)");
        }

        if (incomplete.Count > 0)
        {
            parts.Add($"the output written to {string.Join(", ", incomplete.Select(static k => $"'{k}'"))} is incomplete");
        }

        return parts.Count == 0 ? "no output file was being written" : string.Join("; ", parts);
    }

    private static void ThrowIfAbandoned()
    {
        if (_abandoned)
        {
            throw new OperationCanceledException("The run was interrupted.");
        }
    }

    /// <summary>Flushes the content to disk and renames it over the target (or, written directly, flushes it).</summary>
    internal void Commit()
    {
        lock (Gate)
        {
            if (_abandoned || _done)
            {
                throw new OperationCanceledException("The run was interrupted; the output file was left as it was.");
            }

            if (_temporary is null)
            {
                _stream.Flush();
                _stream.Dispose();
            }
            else
            {
                _stream.Flush(flushToDisk: true);
                _stream.Dispose();
                File.Move(_temporary, _target, overwrite: true);
            }

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

        if (_temporary is not null)
        {
            File.Delete(_temporary);
        }
    }
}
