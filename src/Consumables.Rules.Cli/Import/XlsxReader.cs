using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Consumables.Rules.Cli.Import;

/// <summary>
/// Streams the rows of an .xlsx workbook's first sheet straight from its XML. Only rows and cells present in the file
/// are read: the sheet's declared dimension (<c>A1:XFD1048576</c>) and the shared-string table's declared counts are
/// never used to size anything. A number is kept as the text the file stores (read exactly as a decimal later); a
/// formula saved without its value is told apart from an empty cell; a number formatted as a date becomes the date
/// (<c>yyyy-MM-dd</c>), one formatted with leading zeros (<c>000000</c>) keeps them.
/// </summary>
/// <remarks>
/// A workbook is a zip of XML, and a small file can hold a great deal: every part is read through
/// <see cref="WorkbookLimits"/> (bytes per part, length of one piece of markup or text, element depth, characters in a
/// cell, shared strings scanned and kept), so memory stays bounded by the limits, never by what the file declares or
/// holds. Shared strings are read in a second pass over only those the sheet uses. Past a limit the file is one error.
/// </remarks>
internal static class XlsxReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>A cell style's number format, as far as reading needs it: a date, or digits padded to a width with zeros.</summary>
    private readonly record struct Format(bool IsDate, int ZeroWidth)
    {
        internal static readonly Format General = default;
        internal static readonly Format Date = new(true, 0);
    }

    internal static IEnumerable<SourceRow> Read(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var (sheetPath, date1904) = FirstSheet(zip);
        var entry = zip.GetEntry(sheetPath) ?? throw new InvalidDataException($"the workbook has no sheet at '{sheetPath}'.");
        var strings = SharedStrings(zip, UsedStrings(entry));
        var styles = Styles(zip);
        using var xml = Open(entry);
        var rowNumber = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row")
            {
                continue;
            }

            rowNumber = RowNumber(xml.GetAttribute("r"), rowNumber + 1);
            var cells = new List<Cell>();
            var extent = 0;
            if (!xml.IsEmptyElement)
            {
                var depth = xml.Depth;
                var column = -1;
                while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c")
                    {
                        continue;
                    }

                    column = ColumnIndex(xml.GetAttribute("r"), column + 1);
                    var cell = ReadCell(xml, strings, styles, date1904);
                    if (cell.IsBlank)
                    {
                        continue;
                    }

                    extent = Math.Max(extent, column + 1);
                    if (column < TableReader.MaxColumns)
                    {
                        while (cells.Count <= column)
                        {
                            cells.Add(Cell.Empty);
                        }

                        cells[column] = cell;
                    }
                }
            }

            yield return new SourceRow(rowNumber, [.. cells], extent);
        }
    }

    /// <summary>Reads one <c>&lt;c&gt;</c> element, leaving the reader on its end (or on it, when empty).</summary>
    private static Cell ReadCell(XmlReader xml, Dictionary<int, string> strings, List<Format> styles, bool date1904)
    {
        var type = xml.GetAttribute("t");
        var style = int.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < styles.Count ? styles[s] : Format.General;
        if (xml.IsEmptyElement)
        {
            return Cell.Empty;
        }

        var depth = xml.Depth;
        string? value = null;
        string? inline = null;
        var formula = false;
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                xml.Read();
                continue;
            }

            switch (xml.LocalName)
            {
                case "f":
                    formula = true;
                    xml.Skip();
                    break;
                case "v":
                    value = Content(xml);
                    break;
                case "is":
                    inline = RichText(xml);
                    break;
                default:
                    xml.Skip();
                    break;
            }
        }

        if (formula && value is null && type != "inlineStr")
        {
            return new Cell(string.Empty, CellKind.FormulaWithoutValue);
        }

        return type switch
        {
            "s" => new Cell(SharedString(strings, value), CellKind.Text),
            "inlineStr" => new Cell((inline ?? string.Empty).Trim(), CellKind.Text),
            "str" or "d" => new Cell((value ?? string.Empty).Trim(), CellKind.Text),
            "b" => new Cell(value == "1" ? "TRUE" : "FALSE", CellKind.Boolean),
            "e" => new Cell(value ?? "#ERROR", CellKind.Error),
            _ when value is null => Cell.Empty,
            _ => Number(value.Trim(), style, date1904),
        };
    }

    private static Cell Number(string value, Format style, bool date1904)
    {
        if (style.ZeroWidth > 0 && value.Length < style.ZeroWidth && value.All(char.IsAsciiDigit))
        {
            return new Cell(value.PadLeft(style.ZeroWidth, '0'), CellKind.Number);
        }

        if (style.IsDate && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
        {
            var days = (int)Math.Floor(serial);
            var date = date1904 ? new DateOnly(1904, 1, 1).AddDays(days) : days < 60 ? new DateOnly(1899, 12, 31).AddDays(days) : new DateOnly(1899, 12, 30).AddDays(days);
            return new Cell(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), CellKind.Text);
        }

        return new Cell(value, CellKind.Number);
    }

    private static string SharedString(Dictionary<int, string> strings, string? index) =>
        int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && strings.TryGetValue(i, out var text)
            ? text.Trim()
            : throw new InvalidDataException($"a cell refers to shared string '{Input.Quoted.Text(index)}', which the workbook does not have.");

    /// <summary>Opens a part through the limits: bytes, markup length and depth bounded.</summary>
    private static XmlReader Open(ZipArchiveEntry entry) => new WorkbookLimits.BoundedXmlReader(XmlReader.Create(WorkbookLimits.Open(entry.Open(), entry.FullName), Settings), entry.FullName);

    /// <summary>The first pass over the sheet: the indexes of the shared strings its cells use.</summary>
    private static HashSet<int> UsedStrings(ZipArchiveEntry sheet)
    {
        var used = new HashSet<int>();
        using var xml = Open(sheet);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c" || xml.GetAttribute("t") != "s" || xml.IsEmptyElement)
            {
                continue;
            }

            var depth = xml.Depth;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "v")
                {
                    if (int.TryParse(Content(xml), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        used.Add(index < WorkbookLimits.MaxSharedStrings ? index
                            : throw new WorkbookLimitException(string.Create(CultureInfo.InvariantCulture, $"a cell refers to shared string {index:N0}, past the {WorkbookLimits.MaxSharedStrings:N0} a workbook may hold")));
                    }

                    break;
                }
            }
        }

        return used;
    }

    /// <summary>Reads the text of a rich-text element (<c>si</c> or <c>is</c>) without its phonetic runs, leaving the reader after it.</summary>
    private static string RichText(XmlReader xml) => Text(xml, rich: true);

    /// <summary>Reads the text of an element such as <c>v</c> or <c>t</c>, leaving the reader after it.</summary>
    private static string Content(XmlReader xml) => Text(xml, rich: false);

    /// <summary>
    /// Reads an element's text, bounded to a cell's length: its own text nodes, or (rich text) the text of its
    /// <c>t</c> elements at any depth, phonetic runs (<c>rPh</c>) left out.
    /// </summary>
    private static string Text(XmlReader xml, bool rich)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return string.Empty;
        }

        var text = new StringBuilder();
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (!rich && xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                WorkbookLimits.Append(text, xml.Value);
                xml.Read();
            }
            else if (rich && xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
            {
                WorkbookLimits.Append(text, Content(xml));
            }
            else if (xml.NodeType == XmlNodeType.Element && (!rich || xml.LocalName == "rPh"))
            {
                xml.Skip();
            }
            else
            {
                xml.Read();
            }
        }

        xml.Read();
        return text.ToString();
    }

    /// <summary>The second pass: the shared strings the sheet uses, by index; the others are passed over unread, and the table is read no further than the last one used.</summary>
    private static Dictionary<int, string> SharedStrings(ZipArchive zip, HashSet<int> used)
    {
        var strings = new Dictionary<int, string>();
        if (used.Count == 0 || zip.GetEntry("xl/sharedStrings.xml") is not { } entry)
        {
            return strings;
        }

        using var xml = Open(entry);
        var last = used.Max();
        var index = 0;
        long kept = 0;
        xml.Read();
        while (!xml.EOF && index <= last)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                if (used.Contains(index))
                {
                    var text = RichText(xml);
                    kept += text.Length;
                    if (kept > WorkbookLimits.MaxSharedText)
                    {
                        throw new WorkbookLimitException($"the shared strings the sheet uses hold more than {WorkbookLimits.MaxSharedText:N0} characters");
                    }

                    strings[index] = text;
                }
                else
                {
                    xml.Skip();
                }

                index++;
            }
            else
            {
                xml.Read();
            }
        }

        return strings;
    }

    /// <summary>Reads each cell style's number format as general, a date, or digits with leading zeros.</summary>
    private static List<Format> Styles(ZipArchive zip)
    {
        var formats = new List<Format>();
        if (zip.GetEntry("xl/styles.xml") is not { } entry)
        {
            return formats;
        }

        var custom = new Dictionary<int, Format>();
        using var xml = Open(entry);
        var inCellXfs = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (xml.LocalName)
            {
                case "numFmt" when int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id):
                    custom[id] = Classify(xml.GetAttribute("formatCode") ?? string.Empty);
                    WorkbookLimits.CheckStyles(custom.Count);
                    break;
                case "cellXfs":
                    inCellXfs = !xml.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    var formatId = int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0;
                    formats.Add(custom.TryGetValue(formatId, out var known) ? known : BuiltIn(formatId));
                    WorkbookLimits.CheckStyles(formats.Count);
                    break;
            }
        }

        return formats;
    }

    /// <summary>Excel's built-in date formats, the Chinese ones (27–36, 50–58) included.</summary>
    private static Format BuiltIn(int id) => id is (>= 14 and <= 17) or 22 or (>= 27 and <= 31) or 36 or (>= 50 and <= 58) ? Format.Date : Format.General;

    private static Format Classify(string code)
    {
        if (code.Length > 0 && code.All(static c => c == '0'))
        {
            return new Format(false, code.Length);
        }

        var bare = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\\' || c == '_' || c == '*')
            {
                i++;
            }
            else if (c == '[')
            {
                var close = code.IndexOf(']', i);
                i = close < 0 ? code.Length : close;
            }
            else if (!quoted)
            {
                bare.Append(char.ToLowerInvariant(c));
            }
        }

        var text = bare.ToString();
        return text.Contains('y', StringComparison.Ordinal) || text.Contains('d', StringComparison.Ordinal) ? Format.Date : Format.General;
    }

    private static (string Sheet, bool Date1904) FirstSheet(ZipArchive zip)
    {
        const string fallback = "xl/worksheets/sheet1.xml";
        string? relationId = null;
        var date1904 = false;
        if (zip.GetEntry("xl/workbook.xml") is { } workbook)
        {
            using var xml = Open(workbook);
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "workbookPr")
                {
                    date1904 = xml.GetAttribute("date1904") is "1" or "true";
                }
                else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet" && relationId is null)
                {
                    while (xml.MoveToNextAttribute())
                    {
                        if (xml.LocalName == "id" && xml.Prefix.Length > 0)
                        {
                            relationId = xml.Value;
                        }
                    }
                }
            }
        }

        if (relationId is null || zip.GetEntry("xl/_rels/workbook.xml.rels") is not { } rels)
        {
            return (fallback, date1904);
        }

        using (var xml = Open(rels))
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") == relationId && xml.GetAttribute("Target") is { } target)
                {
                    return (target.StartsWith('/') ? target[1..] : "xl/" + target, date1904);
                }
            }
        }

        return (fallback, date1904);
    }

    private static int RowNumber(string? reference, int next) =>
        int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : next;

    /// <summary>The 0-based column of a reference such as <c>B7</c> or <c>XFD1048576</c>; without one, the next column.</summary>
    private static int ColumnIndex(string? reference, int next)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return next;
        }

        var column = 0;
        var i = 0;
        for (; i < reference.Length && i < 3 && char.IsAsciiLetterUpper(reference[i]); i++)
        {
            column = (column * 26) + (reference[i] - 'A' + 1);
        }

        return i == 0 ? next : column - 1;
    }
}
