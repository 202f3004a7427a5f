using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Consumables.Rules.Cli.Input;

/// <summary>Streams the lines of a CSV file with a header row of platform field names; a ragged row becomes a line with a read error.</summary>
internal static class CsvLineReader
{
    internal static IEnumerable<InputLine> Read(Stream stream)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        var encoding = TextEncodingDetector.Detect(buffered);
        using var reader = new StreamReader(buffered, encoding, detectEncodingFromByteOrderMarks: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.None,
        };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read())
        {
            yield break;
        }

        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        var number = 0;
        while (csv.Read())
        {
            number++;
            var count = csv.Parser.Count;
            var fields = new List<KeyValuePair<string, string?>>(header.Length);
            for (var i = 0; i < header.Length; i++)
            {
                fields.Add(new(header[i], i < count ? csv.Parser[i] : null));
            }

            var error = count == header.Length ? null
                : string.Create(CultureInfo.InvariantCulture, $"CSV row {csv.Parser.Row} has {count} fields; the header has {header.Length}.");
            yield return new InputLine(number, fields, InputLine.ToRaw(fields), error);
        }
    }
}
