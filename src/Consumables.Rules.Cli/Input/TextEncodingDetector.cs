using System.Text;

namespace Consumables.Rules.Cli.Input;

/// <summary>
/// Tells UTF-8 (with or without BOM) from GB18030, as Excel writes CSV in China: a BOM means UTF-8; otherwise the first
/// 64 KiB are decoded strictly as UTF-8, and any invalid sequence means GB18030.
/// </summary>
internal static class TextEncodingDetector
{
    private const int ProbeSize = 64 * 1024;

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    internal static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    /// <summary>Detects the encoding of a seekable or buffered stream, leaving its position at the start.</summary>
    internal static Encoding Detect(BufferedStream stream)
    {
        var probe = new byte[ProbeSize];
        var read = 0;
        int n;
        while (read < probe.Length && (n = stream.Read(probe, read, probe.Length - read)) > 0)
        {
            read += n;
        }

        stream.Seek(-read, SeekOrigin.Current);
        return Detect(probe.AsSpan(0, read), complete: read < ProbeSize);
    }

    internal static Encoding Detect(ReadOnlySpan<byte> bytes, bool complete)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
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

        return System.Text.Unicode.Utf8.IsValid(bytes[..length]) ? new UTF8Encoding(false) : Gb18030;
    }
}
