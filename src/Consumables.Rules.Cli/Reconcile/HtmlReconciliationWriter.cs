using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Cli.Output;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Reconcile;

/// <summary>
/// Writes one self-contained HTML page a billing clerk can open without a network: the summary by cause as an inline SVG
/// chart, the lines that differ (or could not be reconciled) in a table sortable by any column, each line's explanation
/// and rule trace folded under it. Styles and the sorting script are inline; the page refers to nothing outside itself.
/// </summary>
/// <remarks>
/// Lines stream into the table as they come; the summary, known only at the end, is written after the table and shown
/// above it by the style sheet (flex order). The totals and the summary are also embedded as JSON in
/// <c>&lt;script type="application/json" id="reconciliation-data"&gt;</c>, and every line's body carries
/// <c>data-line</c>, <c>data-status</c>, <c>data-causes</c> and <c>data-amount</c>, so the page can be checked without a browser.
/// Every value from the input is HTML-encoded; the JSON escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>.
/// The page stays small whatever the input's size: the table lists the first <see cref="MaxListed"/> lines that differ,
/// the first <see cref="MaxExplained"/> of them with their explanation and rule trace folded under them, and a note says
/// how many more there are (every line is in the CSV and JSON formats). The summary counts every line.
/// </remarks>
internal sealed class HtmlReconciliationWriter(Stream output, Labels? labels = null) : IReconciliationWriter
{
    private static readonly string[] Columns = ["line", "feedetl_sn", "med_list_codg", "status", "fields", "causes", "amount"];

    private readonly Labels _labels = labels ?? Labels.English;

    private static readonly Dictionary<DifferenceCause, string> Colours = new()
    {
        [DifferenceCause.Total] = "#7b4fa0",
        [DifferenceCause.Category] = "#b5443c",
        [DifferenceCause.Limit] = "#c77c12",
        [DifferenceCause.Ratio] = "#2f6fb0",
        [DifferenceCause.Rounding] = "#3d8b5a",
        [DifferenceCause.Unknown] = "#6b6b6b",
        [DifferenceCause.Unexplained] = "#222222",
    };

    private const string Style = """
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Microsoft YaHei", sans-serif; color: #1d2530; background: #f6f7f9; }
        .page { display: flex; flex-direction: column; max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
        header { order: -2; }
        #summary { order: -1; }
        h1 { font-size: 22px; margin: 8px 0 4px; }
        h2 { font-size: 17px; margin: 24px 0 8px; }
        section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 4px 16px 16px; margin-top: 16px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e6e9ed; vertical-align: top; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        thead th { background: #eef1f4; position: sticky; top: 0; }
        thead button { all: inherit; cursor: pointer; padding: 0; }
        thead th[aria-sort="ascending"] button::after { content: " \25B2"; }
        thead th[aria-sort="descending"] button::after { content: " \25BC"; }
        tbody.line > tr:first-child td { border-bottom: none; }
        tr.explanation td { padding-top: 0; }
        details > summary { cursor: pointer; color: #2f6fb0; }
        table.fields { margin: 6px 0; background: #fafbfc; }
        .cause { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 12px; margin-right: 4px; }
        .status-error { color: #b5443c; }
        ol.trace { margin: 4px 0; padding-left: 24px; font-size: 12px; }
        ol.trace li.fired { font-weight: 600; }
        .muted { color: #66707a; }
        svg text { font: 12px system-ui, sans-serif; fill: #1d2530; }
        """;

    private const string Script = """
        (function () {
          var table = document.getElementById("differences");
          if (!table) { return; }
          var headers = table.tHead.rows[0].cells;
          Array.prototype.forEach.call(headers, function (th, index) {
            var button = th.querySelector("button");
            button.addEventListener("click", function () {
              var ascending = th.getAttribute("aria-sort") !== "ascending";
              var numeric = th.getAttribute("data-type") === "number";
              var bodies = Array.prototype.slice.call(table.tBodies);
              bodies.sort(function (a, b) {
                var x = a.rows[0].cells[index].getAttribute("data-sort") || a.rows[0].cells[index].textContent;
                var y = b.rows[0].cells[index].getAttribute("data-sort") || b.rows[0].cells[index].textContent;
                var order = numeric ? (parseFloat(x) - parseFloat(y)) : x.localeCompare(y);
                if (order === 0) { order = parseFloat(a.getAttribute("data-line")) - parseFloat(b.getAttribute("data-line")); }
                return ascending ? order : -order;
              });
              bodies.forEach(function (body) { table.appendChild(body); });
              Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
              th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            });
          });
        })();
        """;

    /// <summary>The most lines the page's table lists (10,000); the summary counts them all.</summary>
    internal const int MaxListed = 10_000;

    /// <summary>The most listed lines that carry their explanation and rule trace (1,000): about 2 KB each.</summary>
    internal const int MaxExplained = 1_000;

    private readonly StreamWriter _html = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
    private long _differing;
    private int _listed;

    public void Begin(IReadOnlyList<PolicyVersion> policies)
    {
        _html.Write($"<!DOCTYPE html>\n<html lang=\"{_labels.Name}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        _html.Write($"<title>{Encode(_labels["html.title"])}</title>\n<style>\n");
        _html.Write(Style);
        _html.Write($"\n</style>\n</head>\n<body>\n<div class=\"page\">\n<header>\n<h1>{Encode(_labels["html.title"])}</h1>\n<p class=\"muted\">{Encode(_labels["html.policies"])}");
        _html.Write(Encode(string.Join(", ", policies.Select(ResultFields.PolicySummary))));
        _html.Write($"</p>\n</header>\n<section id=\"lines\">\n<h2>{Encode(_labels["html.lines"])}</h2>\n");
        _html.Write($"<p class=\"muted\">{Encode(_labels["html.hint"])}</p>\n<table id=\"differences\">\n<thead><tr>");
        foreach (var column in Columns)
        {
            var numeric = column is "line" or "amount";
            _html.Write(numeric ? "<th class=\"num\" data-type=\"number\">" : "<th>");
            _html.Write("<button type=\"button\">");
            _html.Write(column);
            _html.Write("</button></th>");
        }

        _html.Write("</tr></thead>\n");
    }

    public void Write(InputLine input, LineReconciliation line)
    {
        if (line.Status == ReconciliationStatus.Agrees || ++_differing > MaxListed)
        {
            return;
        }

        _listed++;
        var number = input.Number.ToString(CultureInfo.InvariantCulture);
        var causes = line.Differences.Select(static f => f.Cause!.Value).Distinct().ToList();
        var amount = causes.Count == 0 ? 0m : causes.Max(c => ReconciliationSummary.Amount(line, c));
        var amountText = ResultFields.Amount(amount);
        _html.Write($"<tbody class=\"line\" data-line=\"{number}\" data-status=\"{line.StatusName}\" data-causes=\"{string.Join(' ', causes.Select(FieldComparison.NameOf))}\" data-amount=\"{amountText}\">\n<tr>");
        Cell(number, number, numeric: true);
        Cell(ReconcileCommand.Serial(input));
        Cell(ReconcileCommand.Code(input));
        _html.Write(line.Status == ReconciliationStatus.Error ? "<td class=\"status-error\">error</td>" : "<td>differs</td>");
        Cell(line.Status == ReconciliationStatus.Error
            ? string.Join(", ", line.Errors.Select(static e => e.Field).Distinct())
            : string.Join(", ", line.Differences.Select(static f => f.Field)));
        _html.Write("<td data-sort=\"");
        _html.Write(Encode(string.Join(' ', causes.Select(FieldComparison.NameOf))));
        _html.Write("\">");
        foreach (var cause in causes)
        {
            Badge(cause);
        }

        _html.Write("</td>");
        Cell(amountText, amountText, numeric: true);
        if (_listed > MaxExplained)
        {
            _html.Write("</tr>\n</tbody>\n");
            return;
        }

        _html.Write("</tr>\n<tr class=\"explanation\"><td colspan=\"");
        _html.Write(Columns.Length.ToString(CultureInfo.InvariantCulture));
        _html.Write("\"><details><summary>Why line ");
        _html.Write(number);
        _html.Write(line.Status == ReconciliationStatus.Error ? " could not be reconciled" : " differs");
        _html.Write("</summary>\n");
        if (line.Status == ReconciliationStatus.Error)
        {
            _html.Write("<ul>");
            foreach (var error in line.Errors)
            {
                _html.Write("<li>");
                _html.Write(Encode(error.ToString()));
                _html.Write("</li>");
            }

            _html.Write("</ul>\n");
        }
        else
        {
            WriteFields(line);
        }

        WriteTrace(line);
        _html.Write("</details></td></tr>\n</tbody>\n");
    }

    public void End(ReconciliationSummary summary)
    {
        var inv = CultureInfo.InvariantCulture;
        _html.Write("</table>\n");
        if (_listed == 0)
        {
            _html.Write($"<p id=\"all-agree\">{Encode(_labels["html.all-agree"])}</p>\n");
        }

        if (_differing > MaxListed || _listed > MaxExplained)
        {
            _html.Write(string.Create(inv, $"<p id=\"not-listed\" class=\"muted\">{_differing:N0} lines differ or could not be reconciled; the page lists the first {Math.Min(_differing, MaxListed):N0}, the first {MaxExplained:N0} with their explanation, so that it stays small. Every line, with its explanation, is in --format csv and --format json.</p>\n"));
        }

        _html.Write($"</section>\n<section id=\"summary\">\n<h2>{Encode(_labels["html.summary"])}</h2>\n<p>");
        _html.Write(Encode(_labels.Format("html.totals", summary.Lines, summary.Agree, summary.Differ, summary.Errors)));
        _html.Write("</p>\n");
        WriteChart(summary);
        _html.Write("<table class=\"summary\"><thead><tr><th>cause</th><th class=\"num\">lines</th><th class=\"num\">differences</th><th class=\"num\">amount</th></tr></thead><tbody>\n");
        foreach (var (cause, totals) in summary.ByCause)
        {
            _html.Write("<tr><td>");
            Badge(cause);
            _html.Write(string.Create(inv, $"</td><td class=\"num\">{totals.Lines}</td><td class=\"num\">{totals.Differences}</td><td class=\"num\">{ResultFields.Amount(totals.Amount)}</td></tr>\n"));
        }

        _html.Write("</tbody></table>\n<p class=\"muted\">Amount: on each line, the largest difference among the amount fields of the cause (the money the difference moves between the parts of the split), summed over the lines.</p>\n");
        _html.Write("<table class=\"amounts\"><thead><tr><th>amount</th><th class=\"num\">ours</th><th class=\"num\">platform</th></tr></thead><tbody>\n");
        for (var i = 0; i < ReconciliationSummary.AmountFields.Length; i++)
        {
            _html.Write($"<tr><td>{Encode(_labels.Field(ReconciliationSummary.AmountFields[i]))}</td><td class=\"num\">{ResultFields.Amount(summary.Ours[i])}</td><td class=\"num\">{ResultFields.Amount(summary.Platform[i])}</td></tr>\n");
        }

        _html.Write("</tbody></table>\n</section>\n<script type=\"application/json\" id=\"reconciliation-data\">");
        _html.Flush();
        WriteData(summary);
        _html.Write("</script>\n<script>\n");
        _html.Write(Script);
        _html.Write("\n</script>\n</div>\n</body>\n</html>\n");
        _html.Flush();
    }

    public void Dispose() => _html.Dispose();

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private void Cell(string text, string? sort = null, bool numeric = false)
    {
        _html.Write(numeric ? "<td class=\"num\"" : "<td");
        if (sort is not null)
        {
            _html.Write(" data-sort=\"");
            _html.Write(Encode(sort));
            _html.Write('"');
        }

        _html.Write('>');
        _html.Write(Encode(text));
        _html.Write("</td>");
    }

    private void Badge(DifferenceCause cause)
    {
        _html.Write("<span class=\"cause\" style=\"background:");
        _html.Write(Colours[cause]);
        _html.Write("\">");
        _html.Write(Encode(_labels.Cause(FieldComparison.NameOf(cause))));
        _html.Write("</span>");
    }

    private void WriteFields(LineReconciliation line)
    {
        _html.Write("<table class=\"fields\"><thead><tr><th>field</th><th class=\"num\">ours</th><th class=\"num\">platform</th><th class=\"num\">difference</th><th>cause</th><th>explanation</th></tr></thead><tbody>\n");
        foreach (var field in line.Fields)
        {
            _html.Write("<tr>");
            Cell(field.Field);
            Cell(field.Ours, numeric: true);
            Cell(field.Platform, numeric: true);
            Cell(field.Difference?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, numeric: true);
            if (field.Cause is { } cause)
            {
                _html.Write("<td>");
                Badge(cause);
                _html.Write("</td>");
            }
            else
            {
                _html.Write("<td class=\"muted\">agrees</td>");
            }

            Cell(field.Explanation);
            _html.Write("</tr>\n");
        }

        _html.Write("</tbody></table>\n<p>Rules that fired: ");
        _html.Write(Encode(string.Join(", ", ReconciliationSummary.FiredRules(line))));
        _html.Write("</p>\n");
    }

    private void WriteTrace(LineReconciliation line)
    {
        if (line.Trace is not { } trace)
        {
            return;
        }

        _html.Write("<details><summary>Every rule considered</summary><ol class=\"trace\">\n");
        foreach (var entry in trace.Entries)
        {
            _html.Write(entry.Fired ? "<li class=\"fired\">" : "<li>");
            _html.Write(Encode(entry.Rule));
            _html.Write(entry.Fired ? " — fired: " : " — did not fire: ");
            _html.Write(Encode(entry.Because));
            foreach (var asserted in entry.Asserted)
            {
                _html.Write(Encode($" → {asserted.Fact} = {asserted.Value}"));
            }

            _html.Write("</li>\n");
        }

        _html.Write("</ol></details>\n");
    }

    /// <summary>Two bars per cause: lines (scaled to the most lines) and amount (scaled to the largest amount).</summary>
    private void WriteChart(ReconciliationSummary summary)
    {
        const int Row = 44, Label = 110, Width = 560, BarMax = 330;
        var causes = summary.ByCause.ToList();
        if (causes.Count == 0)
        {
            return;
        }

        var maxLines = causes.Max(static c => c.Value.Lines);
        var maxAmount = causes.Max(static c => c.Value.Amount);
        var height = (causes.Count * Row) + 28L;
        var inv = CultureInfo.InvariantCulture;
        _html.Write(string.Create(inv, $"<svg id=\"cause-chart\" role=\"img\" aria-labelledby=\"cause-chart-title\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\">"));
        _html.Write("<title id=\"cause-chart-title\">Differences by cause: lines (dark bar) and amount (light bar)</title>\n");
        for (var i = 0; i < causes.Count; i++)
        {
            var (cause, totals) = causes[i];
            var y = (long)i * Row;
            var linesWidth = maxLines == 0 ? 0 : Math.Max(2L, totals.Lines * BarMax / maxLines);
            var amountWidth = maxAmount == 0m ? 0 : Math.Max(2L, (long)(totals.Amount * BarMax / maxAmount));
            _html.Write(string.Create(inv, $"<g class=\"bar\" data-cause=\"{FieldComparison.NameOf(cause)}\" data-lines=\"{totals.Lines}\" data-amount=\"{ResultFields.Amount(totals.Amount)}\">"));
            _html.Write(string.Create(inv, $"<text x=\"0\" y=\"{y + 22}\">{FieldComparison.NameOf(cause)}</text>"));
            _html.Write(string.Create(inv, $"<rect x=\"{Label}\" y=\"{y + 6}\" width=\"{linesWidth}\" height=\"14\" fill=\"{Colours[cause]}\"></rect>"));
            _html.Write(string.Create(inv, $"<rect x=\"{Label}\" y=\"{y + 22}\" width=\"{amountWidth}\" height=\"14\" fill=\"{Colours[cause]}\" fill-opacity=\"0.45\"></rect>"));
            _html.Write(string.Create(inv, $"<text x=\"{Label + BarMax + 8}\" y=\"{y + 18}\">{totals.Lines} line{(totals.Lines == 1 ? string.Empty : "s")}</text>"));
            _html.Write(string.Create(inv, $"<text x=\"{Label + BarMax + 8}\" y=\"{y + 34}\">{ResultFields.Amount(totals.Amount)}</text></g>\n"));
        }

        _html.Write(string.Create(inv, $"<text x=\"{Label}\" y=\"{height - 6}\" class=\"muted\">dark: lines · light: amount</text></svg>\n"));
    }

    /// <summary>The totals and the summary as JSON inside the page; the default encoder escapes &lt;, &gt; and &amp;, so no value can close the script.</summary>
    private void WriteData(ReconciliationSummary summary)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteStartObject("totals");
        json.WriteNumber("lines", summary.Lines);
        json.WriteNumber("agree", summary.Agree);
        json.WriteNumber("differ", summary.Differ);
        json.WriteNumber("errors", summary.Errors);
        json.WriteEndObject();
        json.WriteStartArray("summary");
        foreach (var (cause, totals) in summary.ByCause)
        {
            json.WriteStartObject();
            json.WriteString("cause", FieldComparison.NameOf(cause));
            json.WriteNumber("lines", totals.Lines);
            json.WriteNumber("differences", totals.Differences);
            json.WriteNumber("amount", totals.Amount);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }
}
