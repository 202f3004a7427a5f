using System.Text;

namespace Consumables.Rules.Cli.Tests;

/// <summary>Runs the tool in process on captured streams.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error, byte[] Bytes)
{
    internal string Text => Out + Encoding.UTF8.GetString(Bytes);

    internal static CliRun Of(params string[] args) => WithInput([], args);

    internal static CliRun WithInput(byte[] input, params string[] args) => WithInput(() => new MemoryStream(input), args);

    /// <summary>Runs with standard input as a pipe: a stream that cannot seek and hands out a few bytes at a time.</summary>
    internal static CliRun WithPipedInput(byte[] input, params string[] args) => WithInput(() => new Pipe(input), args);

    /// <summary>Runs the tool as if standard output and standard error were a terminal of the given width.</summary>
    internal static CliRun OnTerminal(int width, params string[] args) => WithInput(() => new MemoryStream(), args, width);

    private static CliRun WithInput(Func<Stream> input, string[] args, int? terminalWidth = null)
    {
        var output = new MemoryStream();
        var o = new StringWriter();
        var e = new StringWriter();
        var terminal = terminalWidth is not null;
        var console = new CliConsole(input, () => new KeepOpen(output), o, e, OutputIsTerminal: terminal, ErrorIsTerminal: terminal, Width: terminalWidth ?? 80);
        var code = ConsumablesCli.Run(args, console);
        return new CliRun(code, o.ToString(), e.ToString(), output.ToArray());
    }

    internal static string Example => Path.Combine(RepositoryRoot, "docs", "examples", "charges.csv");

    internal static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Consumables.Rules.sln")))
            {
                dir = dir.Parent;
            }

            return dir!.FullName;
        }
    }

    /// <summary>A read-only stream like a pipe: not seekable, at most 7 bytes per read.</summary>
    private sealed class Pipe(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 7), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A stream the tool may dispose while the test still reads what it wrote.</summary>
    private sealed class KeepOpen(MemoryStream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
