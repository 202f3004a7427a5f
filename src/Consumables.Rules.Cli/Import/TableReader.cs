using System.Globalization;
using System.Text;
using Consumables.Rules.Cli.Input;
using CsvHelper;
using CsvHelper.Configuration;
using ExcelDataReader;

namespace Consumables.Rules.Cli.Import;

/// <summary>One data row of a spreadsheet: its 1-based row number in the file and its cells by header.</summary>
internal sealed record TableRow(int Number, IReadOnlyDictionary<string, string> Cells);

/// <summary>Reads the first sheet of an xlsx or xls workbook, or a CSV file (UTF-8 or GB18030), as rows under the first row's headers.</summary>
internal static class TableReader
{
    internal static (IReadOnlyList<string> Headers, List<TableRow> Rows) Read(string path)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        using var stream = File.OpenRead(path);
        var raw = extension switch
        {
            ".csv" => ReadCsv(stream),
            ".xlsx" or ".xls" => ReadWorkbook(stream),
            _ => throw new UsageException($"'{path}' is neither .xlsx, .xls nor .csv."),
        };
        if (raw.Count == 0)
        {
            throw new UsageException($"'{path}' is empty: expected a header row.");
        }

        var headers = raw[0].Select(Normalise).ToList();
        var rows = new List<TableRow>();
        for (var r = 1; r < raw.Count; r++)
        {
            if (raw[r].All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < headers.Count && c < raw[r].Count; c++)
            {
                cells.TryAdd(headers[c], raw[r][c].Trim());
            }

            rows.Add(new TableRow(r + 1, cells));
        }

        return (headers, rows);
    }

    /// <summary>Headers are matched without surrounding or inner spaces (full-width too).</summary>
    internal static string Normalise(string header) => string.Concat(header.Where(static c => !char.IsWhiteSpace(c)));

    private static List<List<string>> ReadCsv(Stream stream)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        using var reader = new StreamReader(buffered, TextEncodingDetector.Detect(buffered), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        var rows = new List<List<string>>();
        while (csv.Read())
        {
            rows.Add([.. csv.Record ?? []]);
        }

        return rows;
    }

    private static List<List<string>> ReadWorkbook(Stream stream)
    {
        using var reader = ExcelReaderFactory.CreateReader(stream);
        var rows = new List<List<string>>();
        while (reader.Read())
        {
            var row = new List<string>(reader.FieldCount);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row.Add(reader.GetValue(i) switch
                {
                    null => string.Empty,
                    double d => d.ToString("0.############", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString() ?? string.Empty,
                });
            }

            rows.Add(row);
        }

        return rows;
    }
}
