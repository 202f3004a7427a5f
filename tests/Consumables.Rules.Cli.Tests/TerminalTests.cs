using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Cli.Output;

namespace Consumables.Rules.Cli.Tests;

/// <summary>The operator's view: the drawn table at any width and any size, explain in every format, progress, the summary line, one-line usage errors.</summary>
public sealed partial class TerminalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-terminal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string[] ExampleCodes = [.. File.ReadAllLines(CliRun.Example).Skip(1).Select(static l => l.Split(',')[1]).Where(static c => c.Length == 27)];

    [Theory]
    [InlineData(80)]
    [InlineData(60)]
    [InlineData(40)]
    public void The_table_fits_the_terminal_without_breaking_a_code_or_an_amount(int width)
    {
        var run = CliRun.OnTerminal(width, "price", CliRun.Example);

        var rows = run.Out.Split('\n').Select(static l => l.TrimEnd('\r')).ToList();
        var tableRows = rows.TakeWhile(static l => !l.StartsWith('─')).Where(static l => !l.StartsWith(' ')).ToList();
        Assert.All(tableRows, l => Assert.True(TerminalTable.DisplayWidth(l) <= width, $"{TerminalTable.DisplayWidth(l)} cells: {l}"));
        Assert.All(ExampleCodes, code => Assert.Contains(code, run.Out, StringComparison.Ordinal));
        Assert.Contains("9000.00", run.Out, StringComparison.Ordinal);
        Assert.Contains("-590.00", run.Out, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d\.\d?\s*$\n^\s*\d", run.Out);
        Assert.Contains("det_item_fee_sumamt", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_narrow_terminal_leaves_out_columns_and_says_which_a_wide_one_shows_them_all()
    {
        var narrow = CliRun.OnTerminal(80, "price", CliRun.Example);
        var wide = CliRun.OnTerminal(200, "price", CliRun.Example);

        var narrowHeader = narrow.Out.Split('\n')[0];
        var wideHeader = wide.Out.Split('\n')[0];
        Assert.Equal(["line", "feedetl_sn", "med_list_codg", "total", "self-paid", "over-limit", "pre-self-pay", "in-scope", "basis"], Words().Split(wideHeader.Trim()));
        Assert.Equal(["line", "med_list_codg", "total", "ownpay", "overlmt", "preself", "inscp"], Words().Split(narrowHeader.Trim()));
        Assert.Contains("not shown at 80 columns: feedetl_sn, basis", narrow.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("not shown", wide.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80, "en")]
    [InlineData(80, "zh-CN")]
    [InlineData(60, "en")]
    [InlineData(40, "zh-CN")]
    public void Every_priced_row_shows_its_total_and_four_parts_and_they_add_up_on_screen(int width, string language)
    {
        var run = CliRun.OnTerminal(width, "price", CliRun.Example, "--lang", language);
        var priced = CliRun.Of("price", CliRun.Example, "--format", "csv");

        // A row is its code's line and the lines of amounts under it, up to the next row, note or the rule under the table.
        var lines = run.Out.Split('\n').Select(static l => l.TrimEnd('\r')).TakeWhile(static l => !l.StartsWith('─')).ToList();
        var rows = new List<List<decimal>>();
        foreach (var line in lines.Skip(1))
        {
            if (Regex.IsMatch(line, @"^\s*\d+ +C"))
            {
                rows.Add([]);
            }

            if (rows.Count > 0 && !line.TrimStart().StartsWith('✗'))
            {
                rows[^1].AddRange(Regex.Matches(line, @"(?<![\dC])-?\d+\.\d\d\b").Select(static m => decimal.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        var pricedCount = Encoding.UTF8.GetString(priced.Bytes).Split('\n').Count(static l => l.Contains(",procurement-", StringComparison.Ordinal) || l.Contains(",settlement-median", StringComparison.Ordinal) || l.Contains(",actual-price", StringComparison.Ordinal) || l.Contains(",self-pay", StringComparison.Ordinal));
        var amounts = rows.Where(static r => r.Count > 0).ToList();
        Assert.Equal(pricedCount, amounts.Count);
        Assert.All(amounts, r =>
        {
            Assert.Equal(5, r.Count);
            Assert.Equal(r[0], r[1] + r[2] + r[3] + r[4]);
        });
    }

    [Fact]
    public void Chinese_headers_carry_the_platform_field_names_and_machine_formats_do_not_change()
    {
        var text = CliRun.Of("price", CliRun.Example, "--lang", "zh-CN");
        var terminal = CliRun.OnTerminal(80, "price", CliRun.Example, "--lang", "zh-CN");
        var csv = CliRun.Of("price", CliRun.Example, "--lang", "zh-CN", "--format", "csv");
        var english = CliRun.Of("price", CliRun.Example, "--format", "csv");

        Assert.Contains("先行自付 preselfpay_amt", text.Out.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("超限价 overlmt_amt", text.Out.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("先行自付", terminal.Out.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("  全自费 fulamt_ownpay_amt", terminal.Out, StringComparison.Ordinal);
        Assert.Equal("已定价 15 行，失败 7 行 → 标准输出", text.Error.Trim());
        Assert.Equal(english.Bytes, csv.Bytes);
    }

    [Fact]
    public void Errors_go_under_their_row()
    {
        var run = CliRun.OnTerminal(80, "price", CliRun.Example);

        var lines = run.Out.Split('\n');
        var error = Array.FindIndex(lines, static l => l.Contains("✗ missing-ratio", StringComparison.Ordinal));
        Assert.True(error > 0);
        Assert.Matches(@"^\s*16 +C14010200100101300010000010$", lines[error - 1]);
    }

    [Fact]
    public void The_drawn_table_streams_so_memory_stays_bounded_at_any_size()
    {
        var written = new CountingWriter();
        var writer = new TableResultWriter(written, terminal: true, width: 80);
        writer.Begin([]);
        var result = Rules.ConsumablePricer.CreateDefault().Price(new RawChargeLine
        {
            Code = "C03111608002007064100000001", Quantity = "1", UnitPrice = "1200.00", ServiceTime = "2026-03-02", InsuranceType = "310", PoolingArea = "141100",
        });
        var line = new InputLine(1, [], new RawChargeLine { Code = "C03111608002007064100000001" }, null);

        for (var i = 0; i < TerminalTable.Sample - 1; i++)
        {
            writer.Write(line, result, []);
        }

        Assert.Equal(0, written.Lines); // the first rows are held to measure the columns
        writer.Write(line, result, []);
        var afterSample = written.Lines;
        Assert.Equal(TerminalTable.Sample + 1, afterSample); // header + the held rows, written as soon as measured
        for (var i = 0; i < 10_000; i++)
        {
            writer.Write(line, result, []);
        }

        Assert.Equal(afterSample + 10_000, written.Lines); // every further row is written as it comes: nothing is held
    }

    [Fact]
    public void Explain_with_the_table_prints_the_rules_that_fired_under_each_row()
    {
        var run = CliRun.OnTerminal(100, "price", CliRun.Example, "--explain");

        var lines = run.Out.Split('\n');
        var first = Array.FindIndex(lines, static l => l.Contains("C02010100200301100010000001", StringComparison.Ordinal));
        Assert.Contains("· payable: listed (the catalogue code is in the catalogue) is true — held (true) → coverage = payable", string.Join(' ', lines[(first + 1)..(first + 3)].Select(static l => l.Trim())), StringComparison.Ordinal);
        Assert.Contains(lines, static l => l.Contains("limit/item-cap", StringComparison.Ordinal));
        var joined = string.Join(' ', lines.Select(static l => l.Trim()));
        Assert.Contains("limit/item-cap: coverage is payable — held (payable) → limit = 590.000000 (this rule: 50000.000000, folded by min)", joined, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_with_csv_and_tab_separated_text_adds_a_compact_trace_column()
    {
        var csv = CliRun.Of("price", CliRun.Example, "--format", "csv", "--explain");
        var text = CliRun.Of("price", CliRun.Example, "--explain");
        var plain = CliRun.Of("price", CliRun.Example, "--format", "csv");

        var csvLines = Encoding.UTF8.GetString(csv.Bytes).TrimStart('\uFEFF').Split('\n');
        Assert.EndsWith(",errors,trace", csvLines[0].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Contains("limit/item-cap: limit 50000.000000 (min → 720.000000)", csvLines[2], StringComparison.Ordinal);
        Assert.Contains("pre-self-pay/ratio: selfpay_prop=0.1500", csvLines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("reject/no-policy", csvLines[2], StringComparison.Ordinal); // only the rules that fired
        Assert.DoesNotContain("trace", Encoding.UTF8.GetString(plain.Bytes).Split('\n')[0], StringComparison.Ordinal);
        var tsv = text.Out.Split('\n');
        Assert.EndsWith("\ttrace", tsv[0].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Contains("payable: coverage=payable", tsv[1].Split('\t')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_run_ends_with_one_summary_line_on_standard_error()
    {
        var output = Path.Combine(_folder, "out.csv");
        var toFile = CliRun.Of("price", CliRun.Example, "--format", "csv", "-o", output);
        var toStdout = CliRun.Of("price", CliRun.Example, "--format", "json");

        Assert.Equal("15 priced, 7 failed → " + output, toFile.Error.Trim());
        Assert.Equal("15 priced, 7 failed → standard output", toStdout.Error.Trim());
    }

    [Fact]
    public void A_bad_option_value_prints_one_line_not_the_help()
    {
        var run = CliRun.Of("price", "--format", "xml", CliRun.Example);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("'xml'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_progress_bar_shows_the_percentage_and_the_time_left()
    {
        var bar = Progress.Render(120_000, 500, 1_000, TimeSpan.FromSeconds(12), 80);

        Assert.Equal("[████████████░░░░░░░░░░░░]  50%  120,000 lines  0:12 left", bar);
        Assert.True(Progress.Render(1, 1, 3, TimeSpan.FromHours(2), 30).Length < 30);
        Assert.Equal("5,000 lines priced…", Progress.Render(5_000, 0, 0, TimeSpan.FromSeconds(1), 80));
    }

    [Fact]
    public void A_short_run_on_a_terminal_draws_no_progress_and_leaves_only_the_summary()
    {
        var run = CliRun.OnTerminal(80, "price", CliRun.Example);

        Assert.Equal("15 priced, 7 failed → standard output", run.Error.Trim());
    }

    [Fact]
    public void An_empty_policy_title_is_left_out_of_the_summary()
    {
        var policy = Rules.Policy.PolicyBuilder.From(Rules.Policy.PolicyVersion.Default).WithTitle(string.Empty).Build();

        Assert.Equal("sx-2026-b1 (140000, from 2026-01-01)", ResultFields.PolicySummary(policy));
    }

    [Fact]
    public void Json_amounts_carry_the_platforms_scale()
    {
        var run = CliRun.Of("explain", "--code", "C03111608002007064100000001", "--quantity", "2", "--price", "1200", "--date", "2026-03-01", "--area", "141100", "--json");

        Assert.Contains("\"det_item_fee_sumamt\": 2400.00", run.Out, StringComparison.Ordinal);
        Assert.Contains("\"fulamt_ownpay_amt\": 0.00", run.Out, StringComparison.Ordinal);
        Assert.Contains("\"contribution\": \"50000.000000\"", run.Out, StringComparison.Ordinal);
        Assert.Contains("insutype is not 310 — failed (310)", run.Out, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Words();

    /// <summary>Counts the lines written, holding none of them.</summary>
    private sealed class CountingWriter : TextWriter
    {
        public int Lines { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                Lines++;
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write('\n');
        }
    }
}
