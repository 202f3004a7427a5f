namespace Consumables.Rules.Policy;

/// <summary>
/// A read-only view of a stream that refuses to read more than a bound, so a huge file cannot exhaust memory; an
/// optional inspector sees every block read (and may refuse it by throwing). The inner stream is disposed with this one
/// only when <paramref name="ownsInner"/>.
/// </summary>
internal sealed class BoundedStream(Stream inner, long limit, Action<ReadOnlySpan<byte>>? inspect = null, bool ownsInner = false) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _read += n;
        if (_read > limit)
        {
            throw new InvalidDataException($"The input is larger than {limit / (1024 * 1024)} MiB, the most this kind of input may be.");
        }

        inspect?.Invoke(buffer[..n]);
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsInner)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
