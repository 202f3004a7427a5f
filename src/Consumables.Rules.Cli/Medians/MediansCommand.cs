using System.CommandLine;
using System.Globalization;
using System.Text;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Cli.Output;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Medians;

/// <summary>
/// <c>medians RECORDS… --from DATE --to DATE</c>: computes settlement medians (实际结算中位价) from fee-detail records
/// (CSV, Parquet, JSON; files or globs) in an embedded database and writes the table <c>import medians</c> reads, with a
/// summary of what was published, held back and left out on standard error.
/// </summary>
internal static class MediansCommand
{
    /// <summary>The columns written: the ones <c>import medians</c> reads, then the units and the group the median was taken over.</summary>
    internal static readonly string[] Header = ["医保耗材分类代码", "实际结算中位价", "统计开始日期", "统计截止日期", "结算数量", "统计口径"];

    private const int Listed = 20;

    internal static Command Create(CliConsole console)
    {
        var records = new Argument<string[]>("RECORDS") { Description = "Fee-detail record files (.csv, .parquet, .json/.jsonl) or globs such as 'records/*.parquet'.", Arity = ArgumentArity.OneOrMore };
        var from = new Option<string>("--from") { Description = "The first day of the period (fee_ocur_time), yyyy-MM-dd.", Required = true };
        var to = new Option<string>("--to") { Description = "The last day of the period (inclusive), yyyy-MM-dd.", Required = true };
        var minUnits = new Option<decimal>("--min-units")
        {
            Description = "The units a code needs in the period for its median to be published; fewer are reported, not published.",
            DefaultValueFactory = static _ => SettlementMedianCalculator.DefaultMinimumUnits,
        };
        var genericNames = new Option<bool>("--generic-names") { Description = "Take one median per generic name and write it for each catalogue code of it: per 医保通用名编号 when the --policy carries a generic-name table, else per the code's first 10 characters." };
        var policy = new Option<string?>("--policy", "-p") { Description = "Publish the codes this policy lists as high-value and not procured (非集采高值耗材)." };
        var all = new Option<bool>("--all") { Description = "Publish every code, whatever any policy says." };
        var output = new Option<string?>("--output", "-o") { Description = "The medians table to write (CSV, UTF-8); standard output when left out." };
        var command = new Command("medians", "Compute settlement medians (实际结算中位价) from fee-detail records, as the table 'import medians' reads.")
        {
            records, from, to, minUnits, genericNames, policy, all, output,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(records) ?? [],
            Date(parse.GetValue(from), "--from"),
            Date(parse.GetValue(to), "--to"),
            parse.GetValue(minUnits),
            parse.GetValue(genericNames) ? MedianGrouping.GenericName : MedianGrouping.CatalogueCode,
            parse.GetValue(policy),
            parse.GetValue(all),
            parse.GetValue(output)));
        return command;
    }

    private static int Run(CliConsole console, string[] paths, DateOnly from, DateOnly to, decimal minimumUnits, MedianGrouping grouping, string? policyPath, bool all, string? output)
    {
        if (to < from)
        {
            throw new UsageException($"--to {to:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}.");
        }

        if (minimumUnits < 0m)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--min-units {minimumUnits} is negative."));
        }

        if ((policyPath is null) == !all)
        {
            throw new UsageException(all
                ? "Give --policy or --all, not both: --all publishes every code, --policy the policy's non-procured high-value codes."
                : "Give --policy POLICY (publish its non-procured high-value codes) or --all (every code).");
        }

        var policy = policyPath is null ? null : PolicyFiles.LoadOne(policyPath);
        if (grouping == MedianGrouping.GenericName && policy is { GenericNames.Count: > 0 })
        {
            grouping = MedianGrouping.GenericNameNumber;
        }
        if (output is not null)
        {
            SafeFile.RefuseInputs(output, paths);
        }

        var work = Directory.CreateTempSubdirectory("consumables-medians-");
        try
        {
            var files = Classify(paths, work.FullName);
            MedianResult result;
            using (var progress = StageProgress.Start(console))
            {
                result = MedianQuery.Run(files, from, to, grouping, Path.Combine(work.FullName, "spill"), progress.Stage, policy?.GenericNames);
            }

            var selected = policy is null ? result.Rows : result.Rows.Where(r => Selects(policy, r.Code)).ToList();
            var published = selected.Where(r => r.Units >= minimumUnits).ToList();
            var below = selected.Where(r => r.Units < minimumUnits).ToList();
            if (output is null)
            {
                using var stream = console.OpenOutput();
                Write(stream, published, from, to);
            }
            else
            {
                SafeFile.Write(output, stream => Write(stream, published, from, to));
            }

            Summarise(console.Error, files, result, from, to, grouping, minimumUnits, published, below, result.Rows.Count - selected.Count, policy);
            return ExitCodes.Success;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Says whether the policy lists the code as a high-value consumable outside every procurement group.</summary>
    private static bool Selects(PolicyVersion policy, string code) =>
        CatalogueCode.TryParse(code, out var catalogueCode)
        && policy.TryGetEntry(catalogueCode, out var entry)
        && entry.ValueClass == ValueClass.High
        && !policy.Procurement.Any(g => g.CatalogueCodes.Contains(catalogueCode));

    /// <summary>
    /// Sorts the inputs by format (their extension; a glob by its pattern's) and gives CSV files that are not UTF-8
    /// (GB18030, UTF-16) to the database as UTF-8 copies in the work folder.
    /// </summary>
    private static RecordFiles Classify(IEnumerable<string> paths, string work)
    {
        List<string> csv = [], parquet = [], json = [];
        foreach (var path in paths)
        {
            var glob = path.AsSpan().IndexOfAny('*', '?', '[') >= 0;
            if (!glob && !File.Exists(path))
            {
                throw new UsageException($"The records file '{path}' does not exist.");
            }

            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".parquet":
                    parquet.Add(path);
                    break;
                case ".json" or ".jsonl" or ".ndjson":
                    json.Add(path);
                    break;
                case ".csv" or ".txt":
                    csv.Add(glob ? path : AsUtf8(path, work));
                    break;
                default:
                    throw new UsageException($"The records file '{path}' is not .csv, .parquet or .json: its format is told from its name.");
            }
        }

        return new RecordFiles(csv, parquet, json);
    }

    private static string AsUtf8(string path, string work)
    {
        Encoding encoding;
        using (var stream = File.OpenRead(path))
        {
            (encoding, _) = TextEncodingDetector.Detect(stream);
        }

        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            return path;
        }

        var copy = Path.Combine(work, $"{Guid.NewGuid():N}.csv");
        using var reader = new StreamReader(path, encoding);
        using var writer = new StreamWriter(copy, false, TextEncodingDetector.Utf8, 1 << 16);
        var buffer = new char[1 << 16];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            writer.Write(buffer, 0, read);
        }

        return copy;
    }

    private static void Write(Stream stream, IReadOnlyList<MedianRow> rows, DateOnly from, DateOnly to)
    {
        using var writer = new StreamWriter(stream, TextEncodingDetector.Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', Header));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Code},{row.Median:0.00},{from:yyyy-MM-dd},{to:yyyy-MM-dd},{row.Units:0.####},{row.Group}"));
        }
    }

    private static void Summarise(
        TextWriter error,
        RecordFiles files,
        MedianResult result,
        DateOnly from,
        DateOnly to,
        MedianGrouping grouping,
        decimal minimumUnits,
        List<MedianRow> published,
        List<MedianRow> below,
        int unselected,
        PolicyVersion? policy)
    {
        var inv = CultureInfo.InvariantCulture;
        var c = result.Counts;
        var per = grouping switch
        {
            MedianGrouping.GenericNameNumber => "per generic-name number (医保通用名编号) of the policy's generic-name table",
            MedianGrouping.GenericName => "per generic-name class (the code's first 10 characters)",
            _ => "per catalogue code",
        };
        error.WriteLine(string.Create(inv, $"medians: {c.Lines:N0} lines read from {files.Count} file(s); period {from:yyyy-MM-dd} to {to:yyyy-MM-dd}; {per}, weighted by quantity."));
        var left = c.Invalid.Select(i => string.Create(inv, $"{i.Lines:N0} invalid {i.Field}"))
            .Append(string.Create(inv, $"{c.NonPositivePrice:N0} with a price of zero or less"))
            .Append(string.Create(inv, $"{c.DuplicateSales:N0} sales sharing a feedetl_sn"))
            .Append(string.Create(inv, $"{c.RefundsWithoutSale:N0} refunds naming no sale in the records"));
        error.WriteLine(string.Create(inv, $"  left out: {c.InvalidLines + c.NonPositivePrice + c.DuplicateSales + c.RefundsWithoutSale:N0} line(s): {string.Join(", ", left)}."));
        error.WriteLine(string.Create(inv, $"  not counted: {c.FullyRefunded:N0} sale(s) refunded in full, {c.OutsidePeriod:N0} sale(s) dated outside the period."));
        error.WriteLine(string.Create(inv, $"  published: {published.Count:N0} code(s){(policy is null ? " (--all)" : $" of policy {policy.Id} (high-value, not procured)")}."));
        if (unselected > 0)
        {
            error.WriteLine(string.Create(inv, $"  not published: {unselected:N0} code(s) the policy does not list as high-value and not procured."));
        }

        error.WriteLine(string.Create(inv, $"  below the minimum of {minimumUnits} units (reported, not published): {below.Count:N0} code(s)."));
        foreach (var row in below.Take(Listed))
        {
            error.WriteLine(string.Create(inv, $"    {row.Code}: {row.Units:0.####} unit(s), median {row.Median:0.00}"));
        }

        if (below.Count > Listed)
        {
            error.WriteLine(string.Create(inv, $"    … and {below.Count - Listed:N0} more."));
        }
    }

    private static DateOnly Date(string? text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"{option} '{text}' is not a date (yyyy-MM-dd).");
}
