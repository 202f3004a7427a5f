using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Consumables.Rules.Cli.Input;

/// <summary>
/// Streams the lines of a JSON input: an array of line objects, an object whose <c>lines</c> property is one, or the
/// platform's response envelope <c>{"infcode": "0", "output": {"result": [ … ]}}</c> (interface 2301's answer) — each
/// read one line object at a time, so memory holds one line, not the file. Numbers are kept as their exact text
/// (<c>1E2</c> too; the library reads it exactly). A line-level problem (a value that is not an object, a field given twice,
/// a string that is not valid text) becomes a line with a read error; a file-level one (malformed JSON, a repeated
/// <c>lines</c> key, an object without <c>lines</c>) is a <see cref="JsonException"/> or <see cref="UsageException"/>.
/// </summary>
internal static class JsonLineReader
{
    /// <summary>The largest single line object (64 MiB): a bigger one is a file-level error, not an out-of-memory.</summary>
    internal const int MaxLineBytes = 64 * 1024 * 1024;

    /// <summary>Reads the lines of a JSON stream.</summary>
    /// <param name="stream">The bytes: UTF-8 (a BOM is skipped), or UTF-16 with or without a BOM.</param>
    /// <param name="encoding">The encoding given with <c>--encoding</c>, or null to detect UTF-8 or UTF-16.</param>
    internal static IEnumerable<InputLine> Read(Stream stream, Encoding? encoding = null)
    {
        var (probe, rewound) = encoding is null ? TextEncodingDetector.Peek(stream) : ([], stream);
        var found = encoding ?? TextEncodingDetector.DetectUnicode(probe) ?? TextEncodingDetector.Utf8;
        Stream utf8 = found is UTF8Encoding ? rewound : Encoding.CreateTranscodingStream(rewound, found, TextEncodingDetector.Utf8);
        return Lines(new Scanner(utf8));
    }

    private static IEnumerable<InputLine> Lines(Scanner scanner)
    {
        using (scanner)
        {
            while (scanner.Next() is { } line)
            {
                yield return line;
            }
        }
    }

    /// <summary>Where the scanner is in the document.</summary>
    private enum Phase
    {
        Start,
        Wrapper,
        Array,
        End,
        Done,
    }

    /// <summary>A resumable reader over a growing window of the stream: each step either completes or asks for more bytes and is retried.</summary>
    private sealed class Scanner(Stream stream) : IDisposable
    {
        private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

        private byte[] _buffer = new byte[1 << 16];
        private int _start;
        private int _end;
        private bool _final;
        private JsonReaderState _state = new(Options);
        private Phase _phase = Phase.Start;
        private bool _wrapped;
        private bool _sawLines;
        private bool _inOutput;
        private string? _infcode;
        private string? _errorMessage;
        private int _number;
        private bool _bomChecked;

        public void Dispose() => stream.Dispose();

        /// <summary>Returns the next line, or null at the end of the document.</summary>
        internal InputLine? Next()
        {
            while (_phase != Phase.Done)
            {
                var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
                var (complete, line) = Step(ref reader);
                if (!complete)
                {
                    Fill();
                    continue;
                }

                _start += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                if (line is not null)
                {
                    return line;
                }
            }

            return null;
        }

        /// <summary>Advances one token (or one whole line object); false when the window ends first.</summary>
        private (bool Complete, InputLine? Line) Step(ref Utf8JsonReader reader)
        {
            if (_phase == Phase.Start && _final && _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8) < 0)
            {
                _phase = Phase.Done; // an empty or blank input holds no line, as an empty CSV file
                return (true, null);
            }

            if (!reader.Read())
            {
                if (!_final)
                {
                    return (false, null);
                }

                if (_phase is Phase.Start or Phase.End)
                {
                    _phase = Phase.Done;
                    return (true, null);
                }

                throw new UsageException("The JSON input ends before its array of lines is closed.");
            }

            switch (_phase)
            {
                case Phase.Start:
                    _phase = reader.TokenType switch
                    {
                        JsonTokenType.StartArray => Phase.Array,
                        JsonTokenType.StartObject => Phase.Wrapper,
                        _ => throw new UsageException("The JSON input is neither an array of lines, {\"lines\": [...]} nor the platform's {\"output\": {\"result\": [...]}}."),
                    };
                    _wrapped = _phase == Phase.Wrapper;
                    return (true, null);

                case Phase.Wrapper:
                    return (Wrapper(ref reader), null);

                case Phase.Array:
                    return Element(ref reader);

                default:
                    throw new UsageException("The JSON input has more after its end.");
            }
        }

        private bool Wrapper(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                if (_inOutput)
                {
                    _inOutput = false;
                    return true;
                }

                if (!_sawLines)
                {
                    throw new UsageException(_infcode is { } code && code != "0"
                        ? $"The platform's response carries infcode {code} (an error), not lines: {_errorMessage ?? "no err_msg given"}."
                        : "The JSON input is an object without a \"lines\" array; expected an array of lines, {\"lines\": [...]} or the platform's {\"output\": {\"result\": [...]}}.");
                }

                _phase = Phase.End;
                return true;
            }

            // Top level: "lines", or the envelope's "output" object (entered) and its "infcode"/"err_msg"; inside "output": "result".
            var isLines = _inOutput ? reader.ValueTextEquals("result"u8) : reader.ValueTextEquals("lines"u8);
            var isOutput = !_inOutput && reader.ValueTextEquals("output"u8);
            var isCode = !_inOutput && reader.ValueTextEquals("infcode"u8);
            var isMessage = !_inOutput && reader.ValueTextEquals("err_msg"u8);
            if (!reader.Read())
            {
                return false;
            }

            if (isOutput && reader.TokenType == JsonTokenType.StartObject)
            {
                _inOutput = true;
                return true;
            }

            if ((isCode || isMessage) && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
            {
                var text = reader.TokenType == JsonTokenType.String ? Text(ref reader, out _) : Encoding.ASCII.GetString(reader.ValueSpan);
                if (isCode)
                {
                    _infcode = text;
                }
                else
                {
                    _errorMessage = text;
                }

                return true;
            }

            if (isLines)
            {
                if (_sawLines)
                {
                    throw new UsageException("The JSON input has its array of lines (\"lines\" or \"output.result\") twice; which one to read is not guessed.");
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new UsageException(_inOutput ? "The platform's \"output.result\" is not an array." : "The JSON input's \"lines\" is not an array.");
                }

                _sawLines = true;
                _phase = Phase.Array;
                return true;
            }

            // Another property: skipped whole, so a "lines" key inside it is not mistaken for the real one.
            return reader.TrySkip();
        }

        private (bool Complete, InputLine? Line) Element(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                _phase = _wrapped ? Phase.Wrapper : Phase.End;
                return (true, null);
            }

            var probe = reader;
            if (!probe.TrySkip())
            {
                return (false, null);
            }

            var number = _number + 1;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = reader.TokenType;
                reader.TrySkip(); // the whole value is in the window (checked above)
                _number = number;
                return (true, new InputLine(number, [], new RawChargeLine(), string.Create(CultureInfo.InvariantCulture, $"JSON line {number} is {Describe(kind)}, not an object.")));
            }

            var fields = new List<KeyValuePair<string, string?>>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string? error = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Text(ref reader, out var nameIsText);
                if (!nameIsText)
                {
                    error ??= $"JSON line {number}: a field name is not valid text (invalid UTF-8 bytes or a lone surrogate escape).";
                }

                name = InputLine.Canonical(name);
                reader.Read();
                string? value;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        value = Text(ref reader, out var valueIsText);
                        if (!valueIsText)
                        {
                            error ??= $"JSON line {number}: field '{InputLine.Shorten(name)}' is not valid text (invalid UTF-8 bytes or a lone surrogate escape such as \\uD800).";
                        }

                        break;
                    case JsonTokenType.Number:
                        value = Encoding.ASCII.GetString(reader.ValueSpan);
                        break;
                    case JsonTokenType.Null:
                        value = null;
                        break;
                    default:
                        var kind = reader.TokenType;
                        reader.TrySkip();
                        value = null;
                        error ??= $"JSON line {number}: field '{InputLine.Shorten(name)}' is {Describe(kind)}; expected a string or a number.";
                        break;
                }

                if (!seen.Add(name))
                {
                    error ??= $"JSON line {number}: field '{InputLine.Shorten(name)}' appears twice.";
                }

                fields.Add(new(name, value));
            }

            _number = number;
            return (true, new InputLine(number, fields, InputLine.ToRaw(fields), error));
        }

        /// <summary>The string at the reader, or its bytes shown with replacement characters when they are not valid text.</summary>
        private static string Text(ref Utf8JsonReader reader, out bool valid)
        {
            try
            {
                valid = true;
                return reader.GetString() ?? string.Empty;
            }
            catch (InvalidOperationException)
            {
                valid = false;
                return Encoding.UTF8.GetString(reader.ValueSpan);
            }
        }

        private static string Describe(JsonTokenType kind) => kind switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            _ => "null",
        };

        /// <summary>Moves the unread bytes to the front, grows the window when one value fills it, and reads more.</summary>
        private void Fill()
        {
            if (_final)
            {
                throw new UsageException("The JSON input ends in the middle of a value.");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= MaxLineBytes)
                {
                    throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"JSON line {_number + 1} is larger than {MaxLineBytes / (1024 * 1024)} MiB."));
                }

                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            _end += read;
            _final = read == 0;
            if (!_bomChecked && (_end >= 3 || _final))
            {
                _bomChecked = true;
                if (_buffer.AsSpan(0, _end).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    _start = 3;
                }
            }
        }
    }
}
