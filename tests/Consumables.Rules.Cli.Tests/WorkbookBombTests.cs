using System.IO.Compression;
using System.Text;
using Consumables.Rules.Cli.Import;

namespace Consumables.Rules.Cli.Tests;

/// <summary>
/// Small workbooks that expand a thousandfold are refused in bounded memory: each is read on the test's thread and the
/// bytes that thread allocates in all (an upper bound of what it holds at once) stay under 200 MB.
/// </summary>
public sealed class WorkbookBombTests : IDisposable
{
    private const long MaxAllocated = 200L * 1024 * 1024;

    private const string SheetStart = """<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""";

    private const string SheetEnd = "</sheetData></worksheet>";

    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-bomb-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes a workbook whose sheet (and shared strings, when given) are streamed: start, a piece repeated, end.</summary>
    private string Bomb(string name, (string Start, string Piece, long Times, string End) sheet, (string Start, string Piece, long Times, string End)? strings = null)
    {
        var path = Path.Combine(_folder, name);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            Part(zip, "xl/worksheets/sheet1.xml", sheet);
            if (strings is { } shared)
            {
                Part(zip, "xl/sharedStrings.xml", shared);
            }
        }

        return path;
    }

    private static void Part(ZipArchive zip, string name, (string Start, string Piece, long Times, string End) part)
    {
        using var stream = new BufferedStream(zip.CreateEntry(name, CompressionLevel.SmallestSize).Open(), 1 << 20);
        stream.Write(Encoding.UTF8.GetBytes(part.Start));
        var piece = Encoding.UTF8.GetBytes(part.Piece);
        var block = new byte[piece.Length * Math.Max(1, (1 << 16) / piece.Length)];
        for (var i = 0; i < block.Length; i += piece.Length)
        {
            piece.CopyTo(block, i);
        }

        var perBlock = block.Length / piece.Length;
        var times = part.Times;
        for (; times >= perBlock; times -= perBlock)
        {
            stream.Write(block);
        }

        stream.Write(block, 0, (int)(times * piece.Length));
        stream.Write(Encoding.UTF8.GetBytes(part.End));
    }

    /// <summary>Reads every row; returns the message of the file-level error, or null, and the bytes allocated.</summary>
    private static (string? Error, long Allocated, int Rows) ReadAll(string path)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        string? error = null;
        var rows = 0;
        try
        {
            foreach (var row in TableReader.Read(path))
            {
                rows++;
            }
        }
        catch (UsageException ex)
        {
            error = ex.Message;
        }

        return (error, GC.GetAllocatedBytesForCurrentThread() - before, rows);
    }

    [Theory]
    [InlineData("in a cell", """<row r="1"><c r="A1" t="inlineStr"><is>""")]
    [InlineData("in the sheet data", "")]
    public void Deeply_nested_unclosed_elements_are_refused_in_bounded_memory(string where, string start)
    {
        var path = Bomb("nested.xlsx", (SheetStart + start, "<a>", 20_000_000, string.Empty));
        Assert.True(new FileInfo(path).Length < 200_000, $"{where}: the bomb is {new FileInfo(path).Length} bytes");

        var (error, allocated, _) = ReadAll(path);

        Assert.Contains("nests elements deeper than 64", error, StringComparison.Ordinal);
        Assert.True(allocated < MaxAllocated, $"{where}: {allocated:N0} bytes allocated");
    }

    [Theory]
    [InlineData("<si><t/></si>", 30_000_000)]
    [InlineData("<si><t>an unused string</t></si>", 5_000_000)]
    public void Shared_strings_the_sheet_never_uses_are_not_read(string piece, long times)
    {
        var path = Bomb(
            "strings.xlsx",
            (SheetStart, """<row r="1"><c r="A1" t="s"><v>0</v></c></row>""", 1, SheetEnd),
            ("""<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>编码</t></si>""", piece, times, "</sst>"));
        Assert.True(new FileInfo(path).Length < 1_000_000, $"the bomb is {new FileInfo(path).Length} bytes");

        var (error, allocated, rows) = ReadAll(path);

        Assert.Null(error);
        Assert.Equal(1, rows);
        Assert.True(allocated < MaxAllocated, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void Shared_strings_are_scanned_up_to_the_last_one_used_in_bounded_memory()
    {
        var path = Bomb(
            "strings.xlsx",
            (SheetStart, """<row r="1"><c r="A1" t="s"><v>3999999</v></c></row>""", 1, SheetEnd),
            ("""<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""", "<si><t>x</t></si>", 4_000_000, "</sst>"));

        var (error, allocated, rows) = ReadAll(path);

        Assert.Null(error);
        Assert.Equal(1, rows);
        Assert.True(allocated < MaxAllocated, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void A_cell_referring_past_the_shared_string_limit_is_refused()
    {
        var path = Bomb("strings.xlsx", (SheetStart, """<row r="1"><c r="A1" t="s"><v>4000000</v></c></row>""", 1, SheetEnd));

        var (error, _, _) = ReadAll(path);

        Assert.Contains("past the 4,000,000 a workbook may hold", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a shared string", 600_000_000)]
    [InlineData("a shared string", 613_000)]
    [InlineData("an inline string", 600_000_000)]
    public void One_huge_string_is_refused_in_bounded_memory(string kind, long length)
    {
        var path = kind == "an inline string"
            ? Bomb("long.xlsx", (SheetStart + """<row r="1"><c r="A1" t="inlineStr"><is><t>""", "a", length, "</t></is></c></row>" + SheetEnd))
            : Bomb(
                "long.xlsx",
                (SheetStart, """<row r="1"><c r="A1" t="s"><v>0</v></c></row>""", 1, SheetEnd),
                ("""<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>""", "a", length, "</t></si></sst>"));

        var (error, allocated, _) = ReadAll(path);

        Assert.NotNull(error);
        Assert.Matches("longer than (1,024 KiB|32,767 characters)", error);
        Assert.True(error.Length < 400, error);
        Assert.True(allocated < MaxAllocated, $"{kind} of {length:N0}: {allocated:N0} bytes allocated");
    }

    [Fact]
    public void Rich_text_runs_are_joined_without_their_phonetic_runs_and_a_full_cell_is_read()
    {
        var full = new string('长', WorkbookLimits.MaxCellChars);
        var path = Bomb(
            "rich.xlsx",
            (SheetStart, """<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>""", 1, SheetEnd),
            ("""<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><rPr><b/></rPr><t>骨</t></r><r><t xml:space="preserve">板 </t></r><rPh sb="0" eb="1"><t>gu</t></rPh></si>""", $"<si><t>{full}</t></si>", 1, "</sst>"));

        var row = TableReader.Read(path).Single();

        Assert.Equal("骨板", row[0].Text);
        Assert.Equal(full, row[1].Text);
    }
}
