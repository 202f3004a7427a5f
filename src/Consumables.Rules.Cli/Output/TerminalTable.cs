using System.Text;

namespace Consumables.Rules.Cli.Output;

/// <summary>
/// The table drawn on a terminal, streamed in bounded memory: the first <see cref="Sample"/> rows are held to measure
/// the columns, then every row is written as it comes, so a file of any size never grows the tool's memory. Columns
/// keep their values whole (a 27-character code or an amount is never broken); when the terminal is too narrow for all
/// of them, the least needed are left out (named under the table), and errors and traces go on their own lines under
/// their row. Totals follow the rows as a block of their own, so their width never bends the columns.
/// </summary>
internal sealed class TerminalTable(TextWriter output, int width)
{
    /// <summary>How many rows are held to measure the columns before streaming starts.</summary>
    internal const int Sample = 200;

    private const int Gap = 2;
    private const string Indent = "      ";

    /// <summary>The columns in display order; <see cref="Column.Keep"/> ranks them for a narrow terminal (1 is left out last).</summary>
    private static readonly Column[] Columns =
    [
        new("line", Right: true, Keep: 5),
        new("feedetl_sn", Right: false, Keep: 9),
        new("med_list_codg", Right: false, Keep: 1),
        new("total", Right: true, Keep: 2),
        new("self-paid", Right: true, Keep: 6),
        new("over-limit", Right: true, Keep: 7),
        new("pre-self-pay", Right: true, Keep: 4),
        new("in-scope", Right: true, Keep: 3),
        new("basis", Right: false, Keep: 8),
    ];

    private readonly List<(string[] Cells, IReadOnlyList<string> Notes)> _held = [];
    private int[]? _widths;
    private bool[]? _shown;

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

        var hidden = Columns.Where((_, i) => !_shown![i]).Select(static c => c.Name).ToList();
        output.WriteLine(new string('─', Math.Min(width, _widths!.Where((_, i) => _shown![i]).Sum() + (Gap * (_shown!.Count(static s => s) - 1)))));
        output.WriteLine(summary);
        var label = totals.Max(static t => t.Label.Length);
        var value = totals.Max(static t => t.Value.Length);
        foreach (var (name, amount) in totals)
        {
            output.WriteLine("  " + name.PadRight(label) + "  " + amount.PadLeft(value));
        }

        Wrap(policies, string.Empty);
        if (hidden.Count > 0)
        {
            Wrap($"not shown at {width} columns: {string.Join(", ", hidden)} (a wider terminal shows them; --format csv has every field)", string.Empty);
        }

        output.Flush();
    }

    /// <summary>Measures the held rows, chooses the columns that fit the width, writes the header and the held rows.</summary>
    private void Measure()
    {
        _widths = new int[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            _widths[i] = Math.Max(Columns[i].Name.Length, _held.Count == 0 ? 0 : _held.Max(r => DisplayWidth(r.Cells[i])));
        }

        // A column with no value in the sample (no serial numbers, say) is left out.
        _shown = [.. Columns.Select((_, i) => _held.Any(r => r.Cells[i].Length > 0) || _held.Count == 0)];
        foreach (var drop in Enumerable.Range(0, Columns.Length).OrderByDescending(static i => Columns[i].Keep))
        {
            if (Used() <= width || Columns[drop].Keep == 1)
            {
                break;
            }

            _shown[drop] = false;
        }

        // A narrower column left out may fit again once a wider one is out.
        foreach (var add in Enumerable.Range(0, Columns.Length).Where(i => !_shown[i] && _held.Any(r => r.Cells[i].Length > 0)).OrderBy(static i => Columns[i].Keep))
        {
            _shown[add] = true;
            if (Used() > width)
            {
                _shown[add] = false;
            }
        }

        WriteCells(Columns.Select(static c => c.Name).ToArray());
        foreach (var (cells, notes) in _held)
        {
            WriteRow(cells, notes);
        }

        _held.Clear();
    }

    private int Used()
    {
        var shown = Enumerable.Range(0, Columns.Length).Where(i => _shown![i]).ToList();
        return shown.Sum(i => _widths![i]) + (Gap * (shown.Count - 1));
    }

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
        var line = new StringBuilder(width);
        for (var i = 0; i < Columns.Length; i++)
        {
            if (!_shown![i])
            {
                continue;
            }

            if (line.Length > 0)
            {
                line.Append(' ', Gap);
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

    private sealed record Column(string Name, bool Right, int Keep);
}
