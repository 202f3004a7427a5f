using System.Globalization;
using System.Text;
using Consumables.Rules.Cli.Input;
using ExcelDataReader;

namespace Consumables.Rules.Cli.Import;

/// <summary>What a cell holds, as the file stores it.</summary>
internal enum CellKind
{
    /// <summary>Text (every CSV cell; a workbook's string cells).</summary>
    Text,

    /// <summary>A workbook number, its text exactly as stored (no binary round trip).</summary>
    Number,

    /// <summary>A workbook boolean.</summary>
    Boolean,

    /// <summary>A workbook error value such as <c>#N/A</c>.</summary>
    Error,

    /// <summary>A workbook formula saved without its value: what it shows is unknown.</summary>
    FormulaWithoutValue,
}

/// <summary>One cell: its text (trimmed) and what kind of value the file stores.</summary>
internal readonly record struct Cell(string Text, CellKind Kind)
{
    internal static readonly Cell Empty = new(string.Empty, CellKind.Text);

    internal bool IsBlank => (Kind is CellKind.Text or CellKind.Number) && Text.Length == 0;
}

/// <summary>
/// One row of a sheet: its 1-based row number in the file, its cells up to <see cref="TableReader.MaxColumns"/> and
/// <see cref="Extent"/>, one past its last non-blank cell (which may lie beyond the cells kept).
/// </summary>
internal sealed record SourceRow(int Number, Cell[] Cells, int Extent)
{
    internal Cell this[int column] => column < Cells.Length ? Cells[column] : Cell.Empty;

    /// <summary>Gets the number of fields a CSV record has (blank ones included); a workbook row has no such count.</summary>
    internal int? FieldCount { get; init; }

    /// <summary>Gets why the row could not be read at all (a CSV quote never closed), or null.</summary>
    internal string? Error { get; init; }

    internal bool IsBlank => Extent == 0 && Error is null;
}

/// <summary>
/// Reads the rows of a CSV file (UTF-8 or GB18030) or of the first sheet of a workbook (.xlsx read as XML, streamed;
/// .xls through ExcelDataReader), one at a time: memory is bounded by a row, never by the size a sheet declares. The
/// kind of workbook is told from its first bytes, not its name; a file that is not what it claims to be, or that
/// cannot be read, is one file-level error (<see cref="UsageException"/>).
/// </summary>
internal static class TableReader
{
    /// <summary>Cells kept per row: a province's table has tens of columns; cells further right only widen the row.</summary>
    internal const int MaxColumns = 1024;

    internal static IEnumerable<SourceRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"The file '{path}' does not exist.");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csv" or ".xlsx" or ".xls"))
        {
            throw new UsageException($"'{path}' is neither .xlsx, .xls nor .csv.");
        }

        return new Guarded(path, Rows(path, extension));
    }

    private static IEnumerable<SourceRow> Rows(string path, string extension)
    {
        using var stream = File.OpenRead(path);
        var (read, zip, ole) = Signature(stream);
        IEnumerable<SourceRow> rows = extension switch
        {
            ".csv" when zip || ole => throw new UsageException($"'{path}' is an Excel workbook, not CSV text: give it its .xlsx or .xls name."),
            ".csv" => Csv(stream),
            _ when zip => XlsxReader.Read(stream),
            _ when ole => Xls(stream),
            _ when read == 0 => throw new UsageException($"'{path}' is empty: expected an Excel workbook."),
            _ => throw new UsageException($"'{path}' is not an Excel workbook (it does not start as .xlsx or .xls files do); a CSV file must be named .csv."),
        };
        foreach (var row in rows)
        {
            yield return row;
        }
    }

    /// <summary>Tells a zip (.xlsx) from an OLE2 compound file (.xls) by their first bytes, leaving the stream at its start.</summary>
    private static (int Read, bool Zip, bool Ole) Signature(Stream stream)
    {
        Span<byte> head = stackalloc byte[8];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var zip = read >= 4 && head[..4].SequenceEqual("PK\u0003\u0004"u8);
        var ole = read >= 8 && head.SequenceEqual((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        return (read, zip, ole);
    }

    /// <summary>
    /// Reads CSV with the reader the charge-line inputs use (<see cref="CsvRecordParser"/>): a quote never closed is a row
    /// with an error naming the line it opened on, and the rows after it are read again, never swallowed.
    /// </summary>
    private static IEnumerable<SourceRow> Csv(Stream stream)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        using var reader = new StreamReader(buffered, TextEncodingDetector.Detect(buffered), detectEncodingFromByteOrderMarks: true, 1 << 16);
        var parser = new CsvRecordParser(reader);
        while (parser.TryRead(out var record))
        {
            if (record.Error is not null)
            {
                yield return new SourceRow(record.Line, [], 0) { Error = record.Error };
                continue;
            }

            var fields = record.Fields;
            var cells = new Cell[Math.Min(fields.Count, MaxColumns)];
            var extent = 0;
            for (var i = 0; i < fields.Count; i++)
            {
                var text = fields[i].Trim();
                if (i < cells.Length)
                {
                    cells[i] = new Cell(text, CellKind.Text);
                }

                if (text.Length > 0)
                {
                    extent = i + 1;
                }
            }

            yield return new SourceRow(record.Line, cells, extent) { FieldCount = fields.Count };
        }
    }

    private static IEnumerable<SourceRow> Xls(Stream stream)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var reader = ExcelReaderFactory.CreateBinaryReader(stream);
        var number = 0;
        while (reader.Read())
        {
            number++;
            var width = Math.Min(reader.FieldCount, MaxColumns);
            var cells = new Cell[width];
            var extent = 0;
            for (var i = 0; i < width; i++)
            {
                cells[i] = reader.GetValue(i) switch
                {
                    null => Cell.Empty,
                    double d => new Cell(d.ToString("R", CultureInfo.InvariantCulture), CellKind.Number),
                    bool b => new Cell(b ? "TRUE" : "FALSE", CellKind.Boolean),
                    DateTime t => new Cell(t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), CellKind.Text),
                    IFormattable f => new Cell(f.ToString(null, CultureInfo.InvariantCulture).Trim(), CellKind.Text),
                    var v => new Cell((v.ToString() ?? string.Empty).Trim(), CellKind.Text),
                };
                if (!cells[i].IsBlank)
                {
                    extent = i + 1;
                }
            }

            yield return new SourceRow(number, cells, extent);
        }
    }

    /// <summary>Turns any failure of a parser on a broken or hostile file into one file-level error naming the file.</summary>
    private sealed class Guarded(string path, IEnumerable<SourceRow> rows) : IEnumerable<SourceRow>
    {
        public IEnumerator<SourceRow> GetEnumerator() => new Enumerator(path, rows.GetEnumerator());

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private sealed class Enumerator(string path, IEnumerator<SourceRow> inner) : IEnumerator<SourceRow>
        {
            public SourceRow Current => inner.Current;

            object System.Collections.IEnumerator.Current => Current;

            public bool MoveNext()
            {
                try
                {
                    return inner.MoveNext();
                }
                catch (Exception ex) when (ex is not (UsageException or OutOfMemoryException or OperationCanceledException))
                {
                    // ExcelDataReader's HeaderException and the like, a broken zip, malformed XML, an unreadable file.
                    throw new UsageException($"'{path}' cannot be read: {ex.Message.ReplaceLineEndings(" ")}", ex);
                }
            }

            public void Reset() => throw new NotSupportedException();

            public void Dispose() => inner.Dispose();
        }
    }
}
