using System.Globalization;
using System.Text;
using System.Xml;

namespace Consumables.Rules.Cli.Import;

/// <summary>A workbook passes one of the <see cref="WorkbookLimits"/>: the file is refused with this reason.</summary>
internal sealed class WorkbookLimitException : Exception
{
    public WorkbookLimitException(string what)
        : base($"{what}; the limit is there so that a small hostile file cannot take unbounded memory or time (a real sheet stays far below it).")
    {
    }

    public WorkbookLimitException()
    {
    }

    public WorkbookLimitException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// The bounds an .xlsx workbook is read within. Each is generous for real sheets (NHSA's full classification table,
/// about 89,000 rows, is a few tens of megabytes of XML) and small enough that a hostile file of a few hundred
/// kilobytes, which the zip format lets expand a thousandfold, is refused quickly in bounded memory.
/// </summary>
internal static class WorkbookLimits
{
    /// <summary>Uncompressed bytes read from one part of the workbook (the sheet, the shared strings, the styles): 256 MiB.</summary>
    internal const long MaxPartBytes = 256L * 1024 * 1024;

    /// <summary>Bytes of one piece of markup (a tag with its attributes) or of one run of text between two tags: 1 MiB.</summary>
    internal const int MaxTokenBytes = 1024 * 1024;

    /// <summary>Depth of nested elements (a sheet needs about 7: worksheet, sheetData, row, c, is, r, t).</summary>
    internal const int MaxDepth = 64;

    /// <summary>Characters in one cell's text: 32,767, the most a spreadsheet cell holds.</summary>
    internal const int MaxCellChars = 32_767;

    /// <summary>Entries of the shared-string table scanned: 4,000,000.</summary>
    internal const int MaxSharedStrings = 4_000_000;

    /// <summary>Characters of the shared strings the sheet uses, kept while the sheet is read: 64 Mi.</summary>
    internal const long MaxSharedText = 64L * 1024 * 1024;

    /// <summary>Cell formats and number formats in the styles: 65,536 each (a spreadsheet allows about 64,000).</summary>
    internal const int MaxStyles = 65_536;

    /// <summary>Appends a piece of a cell's text, refusing a cell longer than <see cref="MaxCellChars"/>.</summary>
    internal static void Append(StringBuilder text, string piece)
    {
        if (text.Length + piece.Length > MaxCellChars)
        {
            throw new WorkbookLimitException(string.Create(CultureInfo.InvariantCulture, $"a cell's text is longer than {MaxCellChars:N0} characters, the most a spreadsheet cell holds"));
        }

        text.Append(piece);
    }

    internal static void CheckStyles(int count)
    {
        if (count > MaxStyles)
        {
            throw new WorkbookLimitException(string.Create(CultureInfo.InvariantCulture, $"the styles define more than {MaxStyles:N0} formats"));
        }
    }

    /// <summary>Opens a part's bytes within <see cref="MaxPartBytes"/> and <see cref="MaxTokenBytes"/>.</summary>
    internal static Stream Open(Stream part, string name)
    {
        var tokens = new TokenScanner(name);
        return new Policy.BoundedStream(part, MaxPartBytes, tokens.Inspect, ownsInner: true);
    }

    /// <summary>
    /// Measures each piece of markup and each run of text between tags as the bytes pass (tracking quoted attribute
    /// values, where <c>&gt;</c> may appear), so that no single token the XML parser would hold whole can be larger than
    /// <see cref="MaxTokenBytes"/>.
    /// </summary>
    private sealed class TokenScanner(string part)
    {
        private int _run;
        private byte _state; // 0 text, 1 markup, otherwise the quote character of an attribute value

        internal void Inspect(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                switch (_state)
                {
                    case 0 when b == (byte)'<':
                        (_state, _run) = (1, 0);
                        break;
                    case 1 when b == (byte)'>':
                        (_state, _run) = (0, 0);
                        break;
                    case 1 when b is (byte)'"' or (byte)'\'':
                        _state = b;
                        break;
                    case (byte)'"' or (byte)'\'' when b == _state:
                        _state = 1;
                        break;
                }

                if (++_run > MaxTokenBytes)
                {
                    throw new WorkbookLimitException(string.Create(CultureInfo.InvariantCulture,
                        $"the part '{part}' holds a single tag or text longer than {MaxTokenBytes / 1024:N0} KiB (a cell holds at most {MaxCellChars:N0} characters)"));
                }
            }
        }
    }

    /// <summary>An XML reader that refuses elements nested deeper than <see cref="MaxDepth"/>; <see cref="XmlReader.Skip"/> reads through it too.</summary>
    internal sealed class BoundedXmlReader(XmlReader inner, string part) : XmlReader
    {
        public override int AttributeCount => inner.AttributeCount;

        public override string BaseURI => inner.BaseURI;

        public override int Depth => inner.Depth;

        public override bool EOF => inner.EOF;

        public override bool IsEmptyElement => inner.IsEmptyElement;

        public override string LocalName => inner.LocalName;

        public override string NamespaceURI => inner.NamespaceURI;

        public override XmlNameTable NameTable => inner.NameTable;

        public override XmlNodeType NodeType => inner.NodeType;

        public override string Prefix => inner.Prefix;

        public override ReadState ReadState => inner.ReadState;

        public override string Value => inner.Value;

        public override bool Read()
        {
            var read = inner.Read();
            if (read && inner.Depth > MaxDepth)
            {
                throw new WorkbookLimitException(string.Create(CultureInfo.InvariantCulture, $"the part '{part}' nests elements deeper than {MaxDepth}"));
            }

            return read;
        }

        public override string GetAttribute(int i) => inner.GetAttribute(i);

        public override string? GetAttribute(string name) => inner.GetAttribute(name);

        public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);

        public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

        public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);

        public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);

        public override bool MoveToElement() => inner.MoveToElement();

        public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();

        public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();

        public override bool ReadAttributeValue() => inner.ReadAttributeValue();

        public override void ResolveEntity() => inner.ResolveEntity();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
