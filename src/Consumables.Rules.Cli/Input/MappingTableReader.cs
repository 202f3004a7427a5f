using System.Globalization;
using System.Text;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Input;

/// <summary>
/// Reads a hospital's mapping table (对照表, <c>--mapping-table</c>) as the charge-line inputs are read: the encoding
/// detected (UTF-8, GB18030, UTF-16), CSV by RFC 4180 (<c>"H,3"</c> is one field) with its headers matched without regard
/// to case, or a JSON array of objects. A hospital code mapped twice to different national codes is an error naming both
/// rows; every bad row is listed at once.
/// </summary>
internal static class MappingTableReader
{
    private const int MaxListed = 20;

    /// <exception cref="UsageException">The file is missing or the table is invalid.</exception>
    internal static HospitalCodeMap Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"The mapping table '{path}' does not exist.");
        }

        using var stream = File.OpenRead(path);
        var (encoding, rewound) = TextEncodingDetector.Detect(stream);
        using var reader = new StreamReader(rewound, encoding, detectEncodingFromByteOrderMarks: true, 1 << 16);
        var first = reader.Peek();
        while (first >= 0 && (char.IsWhiteSpace((char)first) || first == '\uFEFF'))
        {
            reader.Read();
            first = reader.Peek();
        }

        if (first == '[')
        {
            // The library reads the JSON form; hand it the text as UTF-8 whatever the file's encoding.
            using var json = new MemoryStream(Encoding.UTF8.GetBytes(reader.ReadToEnd()));
            try
            {
                return HospitalCodeMap.Load(json);
            }
            catch (InvalidDataException ex)
            {
                throw new UsageException($"{path}: {ex.Message.ReplaceLineEndings(" ")}");
            }
        }

        return Csv(path, new CsvRecordParser(reader));
    }

    private static HospitalCodeMap Csv(string path, CsvRecordParser parser)
    {
        var problems = new List<string>();
        if (!parser.TryRead(out var header) || header.Error is not null)
        {
            throw new UsageException($"The mapping table '{path}' has no header row naming {FieldNames.HospitalItemCode} and {FieldNames.Code}.");
        }

        var names = header.Fields.Select(static n => n.Trim().TrimStart('\uFEFF')).ToList();
        var hospitalColumn = names.FindIndex(static n => n.Equals(FieldNames.HospitalItemCode, StringComparison.OrdinalIgnoreCase));
        var codeColumn = names.FindIndex(static n => n.Equals(FieldNames.Code, StringComparison.OrdinalIgnoreCase));
        if (hospitalColumn < 0 || codeColumn < 0)
        {
            throw new UsageException(
                $"The mapping table '{path}': the header row must name the columns {FieldNames.HospitalItemCode} and {FieldNames.Code}; it is {Quoted.Text(string.Join(",", names))}.");
        }

        var inv = CultureInfo.InvariantCulture;
        var seen = new Dictionary<string, (int Row, ConsumableCode Code)>(StringComparer.Ordinal);
        while (parser.TryRead(out var record))
        {
            var row = record.Line;
            if (record.Error is not null)
            {
                problems.Add(record.Error);
                continue;
            }

            string Cell(int column) => column < record.Fields.Count ? record.Fields[column].Trim() : string.Empty;
            var hospital = Cell(hospitalColumn);
            var national = Cell(codeColumn);
            if (hospital.Length == 0)
            {
                problems.Add(string.Create(inv, $"row {row}: {FieldNames.HospitalItemCode} is missing."));
            }
            else if (!ConsumableCode.TryParse(national.AsSpan(), out var code, out var error))
            {
                problems.Add(string.Create(inv, $"row {row}: {FieldNames.Code} {Quoted.Text(national)} of hospital code {Quoted.Text(hospital)}: {error.Message}"));
            }
            else if (seen.TryGetValue(hospital, out var earlier))
            {
                if (earlier.Code != code)
                {
                    problems.Add(string.Create(inv, $"rows {earlier.Row} and {row}: hospital code {Quoted.Text(hospital)} is mapped to {earlier.Code} on row {earlier.Row} and to {code} on row {row}."));
                }
            }
            else
            {
                seen[hospital] = (row, code);
            }
        }

        if (problems.Count > 0)
        {
            var listed = problems.Take(MaxListed).ToList();
            if (problems.Count > MaxListed)
            {
                listed.Add(string.Create(inv, $"… and {problems.Count - MaxListed} more problem(s)."));
            }

            throw new UsageException(string.Create(inv, $"The mapping table (对照表) '{path}' is invalid: {problems.Count} problem(s)."), [.. listed]);
        }

        return HospitalCodeMap.Create(seen.Select(static p => KeyValuePair.Create(p.Key, p.Value.Code)));
    }
}
