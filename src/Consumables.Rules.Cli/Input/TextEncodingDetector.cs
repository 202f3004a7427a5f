using System.Text;

namespace Consumables.Rules.Cli.Input;

/// <summary>
/// Finds the encoding of a text file as HIS systems and Excel write them in China, from its first 64 KiB:
/// <list type="number">
/// <item>a byte-order mark decides (UTF-8, UTF-16 LE or BE);</item>
/// <item>NUL bytes at every other position mean UTF-16 without a BOM (LE when they follow the ASCII byte, BE when they
/// precede it); NUL bytes in any other pattern mean the file is not text, which is refused;</item>
/// <item>bytes that are not strict UTF-8 mean GB18030;</item>
/// <item>valid UTF-8 whose non-ASCII characters are all two-byte sequences (U+0080–U+07FF: Latin accents, Greek,
/// Cyrillic, Hebrew, Armenian…) that also read as common GB2312 Chinese characters or full-width punctuation is GB18030:
/// short Chinese text such as <c>住院001</c> in GB18030 happens to be valid UTF-8 (<c>סԺ001</c>), and such letters do not
/// occur in a Chinese charge file; a file with at least one three-byte UTF-8 character (any Chinese character) is UTF-8.</item>
/// </list>
/// <c>--encoding</c> overrides the detection.
/// </summary>
internal static class TextEncodingDetector
{
    private const int ProbeSize = 64 * 1024;

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    internal static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    internal static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The names <c>--encoding</c> accepts.</summary>
    internal static readonly string[] Names = ["auto", "utf-8", "gb18030", "gbk", "utf-16le", "utf-16be"];

    /// <summary>Maps an <c>--encoding</c> value to an encoding; <c>auto</c> (or none) is <see langword="null"/>, detection.</summary>
    internal static Encoding? FromName(string? name) => name?.ToLowerInvariant() switch
    {
        null or "auto" => null,
        "utf-8" or "utf8" => Utf8,
        "gb18030" or "gbk" or "gb2312" => Gb18030,
        "utf-16le" or "utf-16" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
        "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
        _ => throw new UsageException($"--encoding '{name}' is not known; expected one of {string.Join(", ", Names)}."),
    };

    /// <summary>Detects the encoding of a seekable stream, leaving its position at the start.</summary>
    internal static Encoding Detect(BufferedStream stream)
    {
        var (probe, _) = Peek(stream);
        return Detect(probe, complete: probe.Length < ProbeSize);
    }

    /// <summary>Detects the encoding from the first 64 KiB of a stream, seekable or not.</summary>
    /// <returns>The encoding, and a stream that reads from the start again (the probe, then the rest of a pipe).</returns>
    internal static (Encoding Encoding, Stream Stream) Detect(Stream stream)
    {
        var (probe, rewound) = Peek(stream);
        return (Detect(probe, complete: probe.Length < ProbeSize), rewound);
    }

    /// <summary>Reads the first 64 KiB of a stream and gives a stream that reads from the start again.</summary>
    internal static (byte[] Probe, Stream Stream) Peek(Stream stream)
    {
        var probe = new byte[ProbeSize];
        var read = 0;
        int n;
        while (read < probe.Length && (n = stream.Read(probe, read, probe.Length - read)) > 0)
        {
            read += n;
        }

        probe = probe[..read];
        if (stream.CanSeek)
        {
            stream.Seek(-read, SeekOrigin.Current);
            return (probe, stream);
        }

        return (probe, new PrefixedStream(probe, stream));
    }

    internal static Encoding Detect(ReadOnlySpan<byte> bytes, bool complete)
    {
        if (DetectUnicode(bytes) is { } unicode)
        {
            return unicode;
        }

        // A multi-byte character may be cut at the end of the probe: ignore an incomplete tail.
        var length = bytes.Length;
        if (!complete)
        {
            var back = 0;
            while (back < 4 && length - back - 1 >= 0 && (bytes[length - back - 1] & 0xC0) == 0x80)
            {
                back++;
            }

            if (length - back - 1 >= 0 && bytes[length - back - 1] >= 0xC0)
            {
                length -= back + 1;
            }
        }

        var text = bytes[..length];
        return System.Text.Unicode.Utf8.IsValid(text) && !LooksLikeGb2312(text) ? Utf8 : Gb18030;
    }

    /// <summary>Finds UTF-8 or UTF-16 by their byte-order mark, or UTF-16 by its NUL bytes; null when neither.</summary>
    /// <exception cref="UsageException">The bytes hold NUL bytes in no UTF-16 pattern: not a text file.</exception>
    internal static Encoding? DetectUnicode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Utf8;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode;
        }

        if (bytes.IndexOf((byte)0) < 0)
        {
            return null;
        }

        int evenNul = 0, oddNul = 0;
        var pairs = bytes.Length / 2;
        for (var i = 0; i + 1 < bytes.Length; i += 2)
        {
            evenNul += bytes[i] == 0 ? 1 : 0;
            oddNul += bytes[i + 1] == 0 ? 1 : 0;
        }

        // Headers and codes are ASCII: in UTF-16 at least half the characters carry a NUL byte on the same side.
        if (oddNul * 2 >= pairs && evenNul * 10 < pairs)
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
        }

        if (evenNul * 2 >= pairs && oddNul * 10 < pairs)
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
        }

        throw new UsageException("The input holds NUL bytes that are not UTF-16 text: it is not a text file (give --encoding if it is UTF-16).");
    }

    /// <summary>
    /// Tells whether valid UTF-8 is more likely GB2312 Chinese: it has non-ASCII text, none of it a three- or four-byte
    /// UTF-8 sequence, and every two-byte sequence is a common Chinese character (rows B0–D7) or full-width symbol (A1–A3).
    /// </summary>
    private static bool LooksLikeGb2312(ReadOnlySpan<byte> utf8)
    {
        var pairs = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b < 0x80)
            {
                continue;
            }

            if (b >= 0xE0 || i + 1 >= utf8.Length)
            {
                return false;
            }

            var trail = utf8[i + 1];
            var common = b is >= 0xB0 and <= 0xD7 or >= 0xA1 and <= 0xA3;
            if (!common || trail < 0xA1)
            {
                return false;
            }

            pairs++;
            i++;
        }

        return pairs > 0;
    }
}
