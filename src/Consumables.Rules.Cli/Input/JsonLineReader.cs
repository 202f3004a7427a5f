using System.Globalization;
using System.Text.Json;

namespace Consumables.Rules.Cli.Input;

/// <summary>
/// Streams the lines of a JSON input: an array of line objects, or an object whose <c>lines</c> property is one. Numbers
/// are kept as their exact text; a value that is not an object becomes a line with a read error.
/// </summary>
internal static class JsonLineReader
{
    private static readonly JsonSerializerOptions Options = new() { MaxDepth = 64 };

    internal static IEnumerable<InputLine> Read(Stream stream)
    {
        var number = 0;
        foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(Unwrap(stream), Options).ToBlockingEnumerable())
        {
            number++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                yield return new InputLine(number, [], new RawChargeLine(), string.Create(CultureInfo.InvariantCulture, $"JSON line {number} is {element.ValueKind}, not an object."));
                continue;
            }

            var fields = new List<KeyValuePair<string, string?>>();
            string? error = null;
            foreach (var property in element.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
                if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.True or JsonValueKind.False)
                {
                    error ??= $"JSON line {number}: field '{property.Name}' is {property.Value.ValueKind}; expected a string or a number.";
                }

                if (fields.Exists(f => f.Key == property.Name))
                {
                    error ??= $"JSON line {number}: field '{property.Name}' appears twice.";
                }

                fields.Add(new(property.Name, value));
            }

            yield return new InputLine(number, fields, InputLine.ToRaw(fields), error);
        }
    }

    /// <summary>Accepts <c>{"lines": [...]}</c> as well as a bare array by peeking at the first token.</summary>
    private static Stream Unwrap(Stream stream)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        var first = -1;
        while (true)
        {
            first = buffered.ReadByte();
            if (first is -1 or not (' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF))
            {
                break;
            }
        }

        if (first != '{')
        {
            return first == -1 ? new MemoryStream([]) : new PrefixedStream((byte)first, buffered);
        }

        // An object: parsed whole, so bounded (256 MiB); the bare-array form streams without a bound.
        using var document = JsonDocument.Parse(new Policy.BoundedStream(new PrefixedStream((byte)first, buffered), 256L * 1024 * 1024));
        if (!document.RootElement.TryGetProperty("lines", out var lines) || lines.ValueKind != JsonValueKind.Array)
        {
            throw new UsageException("The JSON input is an object without a \"lines\" array; expected an array of lines or {\"lines\": [...]}.");
        }

        return new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(lines));
    }
}
