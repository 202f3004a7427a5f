using System.Globalization;
using System.Text;

namespace Consumables.Rules.Cli.Input;

/// <summary>
/// Streams the lines of a CSV file (RFC 4180: comma-separated, fields optionally in double quotes, <c>""</c> for a quote,
/// line breaks inside quotes) whose first row names the platform's fields. The header is checked before any line is
/// read: a header naming a field twice, or naming none of the platform's fields, is a file-level error. A row with more
/// or fewer fields than the header, or with a quote that is never closed, becomes a line with a read error; the rows after
/// an unclosed quote are read again from the line after it, so none is swallowed.
/// </summary>
internal static class CsvLineReader
{
    /// <summary>The longest record read (16 Mi characters): a quote left open on a large file is one clear error, not an out-of-memory.</summary>
    internal const int MaxRecordChars = 16 * 1024 * 1024;

    /// <summary>
    /// The longest field read (64 Ki characters; the longest cell a spreadsheet holds is 32,767): a quoted field that runs
    /// past it is taken for a quote never closed, and the lines after the one it opened on are read again.
    /// </summary>
    internal const int MaxFieldChars = 64 * 1024;

    /// <summary>Opens the file and reads its header; the lines are read as the result is enumerated.</summary>
    /// <param name="stream">The bytes.</param>
    /// <param name="encoding">The encoding given with <c>--encoding</c>, or null to detect it.</param>
    /// <exception cref="UsageException">The header is missing a platform field name, or names a field twice.</exception>
    internal static IEnumerable<InputLine> Read(Stream stream, Encoding? encoding = null)
    {
        var (detected, rewound) = encoding is null ? TextEncodingDetector.Detect(stream) : (encoding, stream);
        var reader = new StreamReader(rewound, detected, detectEncodingFromByteOrderMarks: encoding is null, 1 << 16);
        var parser = new CsvRecordParser(reader);
        if (!parser.TryRead(out var headerRecord))
        {
            reader.Dispose();
            return [];
        }

        try
        {
            return Lines(parser, InputLine.Header(headerRecord.Fields, "CSV header"), reader);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private static IEnumerable<InputLine> Lines(CsvRecordParser parser, string[] header, StreamReader reader)
    {
        using (reader)
        {
            var number = 0;
            while (parser.TryRead(out var record))
            {
                number++;
                var count = record.Fields.Count;
                var fields = new List<KeyValuePair<string, string?>>(header.Length);
                for (var i = 0; i < header.Length; i++)
                {
                    fields.Add(new(header[i], i < count ? record.Fields[i] : null));
                }

                var error = record.Error
                    ?? (count == header.Length ? null
                        : string.Create(CultureInfo.InvariantCulture, $"CSV line {record.Line} has {count} fields; the header has {header.Length}."));
                yield return new InputLine(number, fields, InputLine.ToRaw(fields), error);
            }
        }
    }
}

/// <summary>One CSV record: its fields, the physical line it starts on, and why it could not be read (or null).</summary>
internal readonly record struct CsvRecord(IReadOnlyList<string> Fields, int Line, string? Error);

/// <summary>Splits text into CSV records, one character at a time, tracking physical line numbers.</summary>
internal sealed class CsvRecordParser(TextReader reader)
{
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _raw = new();
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private string _pending = string.Empty;
    private int _pendingPosition;
    private int _line = 1;
    private long _reread;

    /// <summary>Reads the next record, skipping blank lines; false at the end of the text.</summary>
    internal bool TryRead(out CsvRecord record)
    {
        while (TryReadOne(out record))
        {
            if (record.Error is not null || record.Fields.Count > 1 || record.Fields[0].Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool TryReadOne(out CsvRecord record)
    {
        _raw.Clear();
        var fields = new List<string>();
        var start = _line;
        var c = Next();
        if (c < 0)
        {
            record = default;
            return false;
        }

        while (true)
        {
            _field.Clear();
            if (c == '"')
            {
                var quoteLine = _line;
                var quoteAt = _raw.Length - 1;
                while (true)
                {
                    c = Next();
                    if (c < 0)
                    {
                        record = Unterminated(start, quoteLine, quoteAt, "is never closed (an unterminated quote)");
                        return true;
                    }

                    if (c == '"')
                    {
                        c = Next();
                        if (c != '"')
                        {
                            break;
                        }
                    }

                    if (_field.Length == CsvLineReader.MaxFieldChars)
                    {
                        record = Unterminated(start, quoteLine, quoteAt, $"runs past {CsvLineReader.MaxFieldChars:N0} characters (a quote never closed?)");
                        return true;
                    }

                    _field.Append((char)c);
                }

                // RFC 4180: a closing quote ends the field. Text after it means the quote that seemed to close it opened a
                // later field: the quote on quoteLine was never closed, and the rows it would swallow are read again.
                if (c >= 0 && c is not (',' or '\r' or '\n'))
                {
                    record = Unterminated(start, quoteLine, quoteAt, "is closed only by a quote followed by more text (a quote never closed?)");
                    return true;
                }
            }

            // Unquoted text runs to the next comma or line break.
            var tooLong = false;
            while (c >= 0 && c is not (',' or '\r' or '\n'))
            {
                tooLong |= _field.Length == CsvLineReader.MaxFieldChars;
                if (!tooLong)
                {
                    _field.Append((char)c);
                }

                c = Next();
            }

            if (tooLong)
            {
                record = TooLong(start, c);
                return true;
            }

            fields.Add(_field.ToString());
            if (c == ',')
            {
                c = Next();
                if (c < 0)
                {
                    fields.Add(string.Empty);
                    break;
                }

                continue;
            }

            if (c == '\r' && Peek() == '\n')
            {
                Next();
            }

            break;
        }

        record = new CsvRecord(fields, start, null);
        return true;
    }

    /// <summary>An unquoted field longer than <see cref="CsvLineReader.MaxFieldChars"/>: the record is an error, read on from the next line.</summary>
    private CsvRecord TooLong(int start, int c)
    {
        while (c >= 0 && c is not ('\r' or '\n'))
        {
            _raw.Clear();
            c = Next();
        }

        if (c == '\r' && Peek() == '\n')
        {
            Next();
        }

        return new CsvRecord([], start, string.Create(CultureInfo.InvariantCulture,
            $"CSV line {start}: a field runs past {CsvLineReader.MaxFieldChars:N0} characters; the line is not read, the lines after it are."));
    }

    /// <summary>A quote never closed: the record is an error naming the line, and the text after that line is read again.</summary>
    private CsvRecord Unterminated(int start, int quoteLine, int quoteAt, string why)
    {
        var raw = _raw.ToString();
        var lineEnd = raw.IndexOf('\n', quoteAt);
        _reread += raw.Length;
        if (_reread > 4L * CsvLineReader.MaxRecordChars)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"CSV line {quoteLine}: one more quoted field that is never closed; the file has too many unterminated quotes to read it line by line."));
        }

        _pending = lineEnd < 0 ? string.Empty : raw[(lineEnd + 1)..] + _pending[_pendingPosition..];
        _pendingPosition = 0;
        _line = quoteLine + 1;
        var message = string.Create(CultureInfo.InvariantCulture, $"CSV line {quoteLine}: a quoted field opened on this line {why}; the line is not read, the lines after it are.");
        return new CsvRecord([], start, message);
    }

    private int Peek()
    {
        if (_pendingPosition < _pending.Length)
        {
            return _pending[_pendingPosition];
        }

        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position];
    }

    private int Next()
    {
        int c;
        if (_pendingPosition < _pending.Length)
        {
            c = _pending[_pendingPosition++];
        }
        else
        {
            if (_position == _length && !Fill())
            {
                return -1;
            }

            c = _buffer[_position++];
        }

        if (c == '\n')
        {
            _line++;
        }

        if (_raw.Length >= CsvLineReader.MaxRecordChars)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"CSV line {_line}: a record runs past {CsvLineReader.MaxRecordChars:N0} characters (an unterminated quote, or not a CSV file)."));
        }

        _raw.Append((char)c);
        return c;
    }

    private bool Fill()
    {
        _length = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
