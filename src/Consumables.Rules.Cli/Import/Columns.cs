using System.Globalization;
using System.Text;
using Consumables.Rules.Cli.Input;

namespace Consumables.Rules.Cli.Import;

/// <summary>A field an import reads, with the headers provinces and NHSA write for it (matched after <see cref="Columns.Normalise"/>).</summary>
/// <param name="Name">The field's name (as a mapping file names it).</param>
/// <param name="Required">Whether the table must have the column.</param>
/// <param name="Headers">The usual headers, most specific first.</param>
internal sealed record FieldSpec(string Name, bool Required, params string[] Headers)
{
    /// <summary>Gets the field whose column stands in for this required one (a name composed from the level-3 name), or <see langword="null"/>.</summary>
    internal string? UnlessColumn { get; init; }

    /// <summary>Returns whether a header row that matched these fields lacks this required field's column.</summary>
    internal bool IsMissingFrom(Dictionary<string, int> byField) =>
        Required && !byField.ContainsKey(Name) && (UnlessColumn is null || !byField.ContainsKey(UnlessColumn));
}

/// <summary>Which column feeds each field, found in the header row.</summary>
internal sealed class Columns
{
    /// <summary>Title rows a sheet may have above its header row.</summary>
    internal const int HeaderSearchRows = 30;

    private readonly Dictionary<string, int> _byField;

    private Columns(int headerRow, SourceRow header, Dictionary<string, int> byField)
    {
        HeaderRow = headerRow;
        Header = header;
        _byField = byField;
    }

    /// <summary>Gets the header row's number in the file.</summary>
    internal int HeaderRow { get; }

    /// <summary>Gets the header row.</summary>
    internal SourceRow Header { get; }

    /// <summary>Gets the header's width: the number of fields of a CSV header, the last non-blank header cell of a sheet.</summary>
    internal int Width => Header.FieldCount ?? Header.Extent;

    internal bool Has(string field) => _byField.ContainsKey(field);

    internal int? ColumnOf(string field) => _byField.TryGetValue(field, out var c) ? c : null;

    /// <summary>Normalises a header to match it: full-width forms folded (NFKC), bracketed parts such as units (元) or (15位) removed, spaces, line breaks, marks such as * / 、 : removed, Latin lower-cased.</summary>
    internal static string Normalise(string header)
    {
        var text = header.Normalize(NormalizationForm.FormKC);
        var result = new StringBuilder(text.Length);
        var depth = 0;
        foreach (var c in text)
        {
            if (c is '(' or '[' or '【' or '〔' or '<' or '《')
            {
                depth++;
            }
            else if (c is ')' or ']' or '】' or '〕' or '>' or '》')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0 && !char.IsWhiteSpace(c) && c is not ('*' or '※' or '/' or '、' or ':' or '_' or '-' or '.' or '#'))
            {
                result.Append(char.ToLowerInvariant(c));
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// Finds the header row among the first rows (title rows above it are passed over): the first row with a column for
    /// every required field. The rows read before it are consumed; the enumerator is left on the header row.
    /// </summary>
    /// <exception cref="UsageException">No such row, or a field's header appears in two columns.</exception>
    internal static Columns Find(string path, IEnumerator<SourceRow> rows, IReadOnlyList<FieldSpec> fields)
    {
        SourceRow? best = null;
        var bestFound = -1;
        var seen = 0;
        while (seen < HeaderSearchRows && rows.MoveNext())
        {
            var row = rows.Current;
            if (row.IsBlank)
            {
                continue;
            }

            seen++;
            var byField = Match(path, row, fields);
            if (!fields.Any(f => f.IsMissingFrom(byField)))
            {
                return new Columns(row.Number, row, byField);
            }

            if (byField.Count > bestFound)
            {
                (best, bestFound) = (row, byField.Count);
            }
        }

        var matched = best is null ? [] : Match(path, best, fields);
        var missing = fields.Where(f => f.IsMissingFrom(matched)).ToList();
        var recognised = string.Join("; ", missing.Select(static f => $"{f.Name}: {string.Join(", ", f.Headers)}"));
        var found = best is null ? "the file has no rows" : $"the closest row is row {best.Number}: {string.Join(", ", best.Cells.Where(static c => c.Text.Length > 0).Select(static c => Quoted.Text(c.Text)))}";
        throw new UsageException(
            $"'{path}' has no header row with a column for {string.Join(", ", missing.Select(static f => f.Name))} in its first {HeaderSearchRows} rows ({found}). Recognised headers — {recognised}. Give a --mapping file for other headers.");
    }

    private static Dictionary<string, int> Match(string path, SourceRow row, IReadOnlyList<FieldSpec> fields)
    {
        var normalised = row.Cells.Select(static c => Normalise(c.Text)).ToList();
        var byField = new Dictionary<string, int>(StringComparer.Ordinal);
        var taken = new HashSet<int>();
        foreach (var field in fields)
        {
            foreach (var header in field.Headers.Select(Normalise).Where(static h => h.Length > 0))
            {
                var columns = Enumerable.Range(0, normalised.Count).Where(i => normalised[i] == header && !taken.Contains(i)).ToList();
                if (columns.Count == 0)
                {
                    continue;
                }

                if (columns.Count > 1)
                {
                    throw new UsageException(
                        $"'{path}' row {row.Number}: columns {string.Join(" and ", columns.Select(Letter))} both read as {field.Name} ({Quoted.Text(row.Cells[columns[0]].Text)}, {Quoted.Text(row.Cells[columns[1]].Text)}); keep one, or name one in a --mapping file.");
                }

                byField[field.Name] = columns[0];
                taken.Add(columns[0]);
                break;
            }
        }

        return byField;
    }

    /// <summary>Describes which column fed each field, and the header cells no field used.</summary>
    internal IEnumerable<string> Describe(IReadOnlyList<FieldSpec> fields)
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"header on row {HeaderRow}; columns used:");
        foreach (var field in fields)
        {
            yield return _byField.TryGetValue(field.Name, out var c)
                ? $"  {field.Name,-16} ← {Letter(c)} {Header.Cells[c].Text}"
                : $"  {field.Name,-16}   (no column)";
        }

        var unused = Enumerable.Range(0, Header.Cells.Length).Where(i => Header.Cells[i].Text.Length > 0 && !_byField.ContainsValue(i)).ToList();
        if (unused.Count > 0)
        {
            yield return "  not used: " + string.Join(", ", unused.Select(i => $"{Letter(i)} {Header.Cells[i].Text}"));
        }
    }

    /// <summary>Names a 0-based column as a spreadsheet does (A, B, …, Z, AA, …).</summary>
    internal static string Letter(int column)
    {
        var name = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}
