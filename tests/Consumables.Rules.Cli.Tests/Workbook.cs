using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Consumables.Rules.Cli.Tests;

/// <summary>Writes small .xlsx workbooks part by part, so tests control exactly what the sheet's XML holds.</summary>
internal static class Workbook
{
    /// <summary>A text cell (inline string).</summary>
    internal static string Text(string reference, string text) =>
        $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(text)}</t></is></c>";

    /// <summary>A number cell holding <paramref name="value"/> as stored text, with an optional style index.</summary>
    internal static string Number(string reference, string value, int? style = null) =>
        $"<c r=\"{reference}\"{(style is { } s ? string.Create(CultureInfo.InvariantCulture, $" s=\"{s}\"") : string.Empty)}><v>{value}</v></c>";

    /// <summary>A formula cell saved without its value.</summary>
    internal static string Formula(string reference, string formula) => $"<c r=\"{reference}\"><f>{SecurityElement.Escape(formula)}</f></c>";

    /// <summary>A row of cells.</summary>
    internal static string Row(int number, params string[] cells) =>
        string.Create(CultureInfo.InvariantCulture, $"<row r=\"{number}\">{string.Concat(cells)}</row>");

    /// <summary>A row of text cells from column A.</summary>
    internal static string TextRow(int number, params string[] texts) =>
        Row(number, [.. texts.Select((t, i) => t.Length == 0 ? string.Empty : Text($"{(char)('A' + i)}{number}", t))]);

    /// <summary>Writes the workbook: its sheet holds <paramref name="rows"/>; <paramref name="numberFormats"/> are custom formats, one cell style each (style index = position).</summary>
    internal static void Write(string path, IEnumerable<string> rows, string? dimension = null, params string[] numberFormats)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Part(string name, string xml)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(xml);
        }

        Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="目录" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
        if (numberFormats.Length > 0)
        {
            var formats = string.Concat(numberFormats.Select((f, i) => string.Create(CultureInfo.InvariantCulture, $"<numFmt numFmtId=\"{164 + i}\" formatCode=\"{SecurityElement.Escape(f)}\"/>")));
            var xfs = string.Concat(numberFormats.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"<xf numFmtId=\"{164 + i}\" applyNumberFormat=\"1\"/>")));
            Part("xl/styles.xml", $"""<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="{numberFormats.Length}">{formats}</numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="{numberFormats.Length}">{xfs}</cellXfs></styleSheet>""");
        }

        var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""");
        if (dimension is not null)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<dimension ref=\"{dimension}\"/>");
        }

        sheet.Append("<sheetData>");
        foreach (var row in rows)
        {
            sheet.Append(row);
        }

        sheet.Append("</sheetData></worksheet>");
        Part("xl/worksheets/sheet1.xml", sheet.ToString());
    }
}
