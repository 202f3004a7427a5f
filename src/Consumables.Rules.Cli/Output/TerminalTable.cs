using System.Text;

namespace Consumables.Rules.Cli.Output;

/// <summary>
/// The table drawn on a terminal, streamed in bounded memory: the first <see cref="Sample"/> rows are held to measure
/// the columns, then every row is written as it comes, so a file of any size never grows the tool's memory. Columns
/// keep their values whole (a 27-character code or an amount is never broken), and the code, the total and its four
/// parts are always shown, so a row's parts add up on screen. When the terminal is too narrow for every column, the
/// serial number and the basis are left out (named under the table), then the headers shorten and the gaps narrow,
/// and at last each row takes two or more lines (the amounts under the code). Errors and traces go on their own lines
/// under their row. Totals follow the rows as a block of their own, so their width never bends the columns.
/// </summary>
internal sealed class TerminalTable(TextWriter output, int width, Labels? labels = null)
{
    /// <summary>How many rows are held to measure the columns before streaming starts.</summary>
    internal const int Sample = 200;

    private const string Indent = "      ";

    /// <summary>The columns in display order by label key; a positive <see cref="Column.Drop"/> may be left out, the highest first.</summary>
    private static readonly Column[] Columns =
    [
        new("line", Right: true, Drop: 0),
        new("feedetl_sn", Right: false, Drop: 2),
        new("med_list_codg", Right: false, Drop: 0),
        new("total", Right: true, Drop: 0),
        new("self-paid", Right: true, Drop: 0),
        new("over-limit", Right: true, Drop: 0),
        new("pre-self-pay", Right: true, Drop: 0),
        new("in-scope", Right: true, Drop: 0),
        new("basis", Right: false, Drop: 1),
    ];

    private readonly Labels _labels = labels ?? Labels.English;
    private readonly List<(string[] Cells, IReadOnlyList<string> Notes)> _held = [];
    private int[]? _widths;
    private bool[]? _shown;
    private string[] _headers = [];
    private int _gap = 2;

    // The columns of each line of a row: one band when the row fits on a line, more when it does not.
    private List<int[]> _bands = [];

    /// <summary>Adds a row (one cell per column) with the lines to print under it (errors, the trace).</summary>
    internal void Add(string[] cells, IReadOnlyList<string> notes)
    {
        if (_widths is null)
        {
            _held.Add((cells, notes));
            if (_held.Count == Sample)
            {
                Measure();
            }

            return;
        }

        WriteRow(cells, notes);
    }

    /// <summary>Writes the held rows if streaming has not started, then the totals block and the policies.</summary>
    internal void End(IReadOnlyList<(string Label, string Value)> totals, string summary, string policies)
    {
        if (_widths is null)
        {
            Measure();
        }

        var hidden = Columns.Where((_, i) => !_shown![i]).Select(c => Header(c, shortForm: false)).ToList();
        output.WriteLine(new string('─', Math.Min(width, _bands.Select((b, i) => Used(b, continuation: i > 0)).Max())));
        output.WriteLine(summary);
        var label = totals.Max(static t => DisplayWidth(t.Label));
        var value = totals.Max(static t => t.Value.Length);
        foreach (var (name, amount) in totals)
        {
            output.WriteLine("  " + name + new string(' ', label - DisplayWidth(name)) + "  " + amount.PadLeft(value));
        }

        Wrap(policies, string.Empty);
        if (hidden.Count > 0)
        {
            Wrap(_labels.Format("table.hidden", width, string.Join(", ", hidden)), string.Empty);
        }

        output.Flush();
    }

    /// <summary>Measures the held rows, chooses the layout that fits the width, writes the header and the held rows.</summary>
    private void Measure()
    {
        var present = Columns.Select((_, i) => _held.Count == 0 || _held.Any(r => r.Cells[i].Length > 0)).ToArray();
        foreach (var (shortForm, gap) in new[] { (false, 2), (true, 1) })
        {
            Layout(shortForm, gap, present);

            // Leave out what may be left out, the least needed first, until one line holds a row…
            foreach (var drop in Enumerable.Range(0, Columns.Length).Where(static i => Columns[i].Drop > 0).OrderByDescending(static i => Columns[i].Drop))
            {
                if (Used(Shown()) <= width)
                {
                    break;
                }

                _shown![drop] = false;
            }

            // …and take back a narrower one that fits again once a wider one is out.
            foreach (var add in Enumerable.Range(0, Columns.Length).Where(i => !_shown![i] && present[i]).OrderBy(static i => Columns[i].Drop))
            {
                _shown![add] = true;
                if (Used(Shown()) > width)
                {
                    _shown[add] = false;
                }
            }

            if (Used(Shown()) <= width)
            {
                _bands = [Shown()];
                break;
            }
        }

        if (_bands.Count == 0)
        {
            // Too narrow for the code and the amounts on one line: a row takes as many lines as its columns need.
            var band = new List<int>();
            foreach (var i in Shown())
            {
                if (band.Count > 0 && Used([.. band, i], continuation: _bands.Count > 0) > width)
                {
                    _bands.Add([.. band]);
                    band.Clear();
                }

                band.Add(i);
            }

            _bands.Add([.. band]);
        }

        WriteCells(_headers);
        foreach (var (cells, notes) in _held)
        {
            WriteRow(cells, notes);
        }

        _held.Clear();
    }

    private void Layout(bool shortForm, int gap, bool[] present)
    {
        _gap = gap;
        _headers = [.. Columns.Select(c => Header(c, shortForm))];
        _widths = new int[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            _widths[i] = Math.Max(DisplayWidth(_headers[i]), _held.Count == 0 ? 0 : _held.Max(r => DisplayWidth(r.Cells[i])));
        }

        // A column with no value in the sample (no serial numbers, say) is left out.
        _shown = [.. present];
    }

    private string Header(Column column, bool shortForm) => column.Key switch
    {
        "feedetl_sn" or "med_list_codg" => column.Key,
        _ when shortForm && column.Key != "line" && column.Key != "basis" => _labels["short." + column.Key],
        _ => _labels["col." + column.Key],
    };

    private int[] Shown() => [.. Enumerable.Range(0, Columns.Length).Where(i => _shown![i])];

    /// <summary>The cells a line of the given columns takes (a continuation line is indented by two).</summary>
    private int Used(int[] columns, bool continuation = false) => columns.Sum(i => _widths![i]) + (_gap * (columns.Length - 1)) + (continuation ? 2 : 0);

    private void WriteRow(string[] cells, IReadOnlyList<string> notes)
    {
        WriteCells(cells);
        foreach (var note in notes)
        {
            Wrap(note, Indent);
        }
    }

    private void WriteCells(string[] cells)
    {
        for (var b = 0; b < _bands.Count; b++)
        {
            var line = new StringBuilder(width);
            if (b > 0)
            {
                line.Append(' ', 2);
            }

            foreach (var i in _bands[b])
            {
                if (line.Length > (b > 0 ? 2 : 0))
                {
                    line.Append(' ', _gap);
                }

                var pad = Math.Max(0, _widths![i] - DisplayWidth(cells[i]));
                if (Columns[i].Right)
                {
                    line.Append(' ', pad).Append(cells[i]);
                }
                else
                {
                    line.Append(cells[i]).Append(' ', pad);
                }
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    /// <summary>Writes text wrapped at word boundaries to the terminal's width (a word longer than a line is never broken), each line indented.</summary>
    private void Wrap(string text, string indent)
    {
        var line = new StringBuilder();
        var prefix = indent;
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && prefix.Length + DisplayWidth(line.ToString()) + 1 + DisplayWidth(word) > width)
            {
                output.WriteLine(prefix + line);
                line.Clear();
                prefix = indent + "  ";
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            output.WriteLine(prefix + line);
        }
    }

    /// <summary>Counts terminal cells: East Asian wide characters (Chinese text in a serial number) take two.</summary>
    internal static int DisplayWidth(string text)
    {
        var cells = 0;
        foreach (var c in text)
        {
            cells += c is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3' or >= '\uF900' and <= '\uFAFF'
                or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6' ? 2 : 1;
        }

        return cells;
    }

    private sealed record Column(string Key, bool Right, int Drop);
}
