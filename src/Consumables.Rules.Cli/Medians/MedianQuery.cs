using System.Globalization;
using DuckDB.NET.Data;

namespace Consumables.Rules.Cli.Medians;

/// <summary>Whether medians are taken per 15-character catalogue code or per 10-character generic name (医保通用名).</summary>
internal enum MedianGrouping
{
    /// <summary>One median per 15-character catalogue code.</summary>
    CatalogueCode,

    /// <summary>One median per generic name (the code's first 10 characters), written under each catalogue code of it.</summary>
    GenericName,
}

/// <summary>The record files of a run, by format; a path may be a glob (<c>records/*.parquet</c>) the database expands.</summary>
internal sealed record RecordFiles(IReadOnlyList<string> Csv, IReadOnlyList<string> Parquet, IReadOnlyList<string> Json)
{
    internal int Count => Csv.Count + Parquet.Count + Json.Count;
}

/// <summary>One catalogue code with units in the period, and the median of its group (the code itself, or its generic name).</summary>
/// <param name="Code">The 15-character catalogue code.</param>
/// <param name="Group">The group the median was taken over: the code, or its 10-character generic name.</param>
/// <param name="Median">The group's quantity-weighted median, rounded half away from zero to the fen.</param>
/// <param name="Units">The group's units in the period after refunds.</param>
internal sealed record MedianRow(string Code, string Group, decimal Median, decimal Units);

/// <summary>The lines of a run, and which were left out or not counted and why.</summary>
internal sealed record MedianCounts(
    long Lines,
    IReadOnlyList<(string Field, long Lines)> Invalid,
    long NonPositivePrice,
    long DuplicateSales,
    long RefundsWithoutSale,
    long FullyRefunded,
    long OutsidePeriod)
{
    internal long InvalidLines => Invalid.Sum(static i => i.Lines);
}

/// <summary>What the database computed: one row per catalogue code with units in the period, and the counts.</summary>
internal sealed record MedianResult(IReadOnlyList<MedianRow> Rows, MedianCounts Counts);

/// <summary>
/// Computes settlement medians in an embedded DuckDB database: the records are read where they lie (<c>read_csv</c>,
/// <c>read_parquet</c>, <c>read_json</c>), every figure is a DECIMAL (never a DOUBLE) and only the medians and counts
/// come back to .NET. The definition is the in-memory reference's (<c>SettlementMedianCalculator</c>); a property test
/// keeps the two equal.
/// </summary>
internal static class MedianQuery
{
    /// <summary>The database's memory limit: it spills to its temporary folder beyond it.</summary>
    internal const string MemoryLimit = "1200MB";

    /// <summary>The fee-detail fields read, in the order invalid lines are checked (the first invalid field names the line).</summary>
    internal static readonly string[] Fields = ["feedetl_sn", "med_list_codg", "cnt", "pric", "fee_ocur_time"];

    /// <summary>Each line's fields as text, whatever the file stores (a Parquet DECIMAL, a JSON number, a TIMESTAMP).</summary>
    private const string Project = """
        CAST(feedetl_sn AS VARCHAR) AS id, CAST({init} AS VARCHAR) AS init, CAST(med_list_codg AS VARCHAR) AS code,
        CAST(cnt AS VARCHAR) AS cnt, CAST(pric AS VARCHAR) AS pric, CAST(fee_ocur_time AS VARCHAR) AS t
        """;

    /// <summary>
    /// Classifies every line — the first invalid field (in <see cref="Fields"/> order), else the typed values; numbers
    /// must fit the platform's widths exactly (cnt 16,4; pric 16,6), so nothing is rounded on the way in — and nets
    /// refunds against their sales in the same pass: a sale is grouped under its own serial number, a refund under the
    /// serial number it names, an invalid line under its invalid field. So one hash aggregation over the records gives,
    /// per sale serial number, how many sales carry it (more than one names none of them), the sale's values and the
    /// refunds naming it; no line is stored on the way.
    /// </summary>
    private const string Net = """
        CREATE TEMP TABLE netted AS
        SELECT invalid, count(*) AS lines,
               count(*) FILTER (WHERE q > 0) AS n,
               min(code) FILTER (WHERE q > 0) AS code, min(q) FILTER (WHERE q > 0) AS q,
               min(p) FILTER (WHERE q > 0) AS p, min(d) FILTER (WHERE q > 0) AS d,
               coalesce(sum(q) FILTER (WHERE q < 0), 0) AS rq, count(*) FILTER (WHERE q < 0) AS rc
        FROM (
          SELECT invalid, CASE WHEN invalid IS NOT NULL THEN NULL WHEN q > 0 THEN id ELSE init END AS sale,
                 substr(code, 1, 15) AS code, q, p, d
          FROM (
            SELECT id, init, code, TRY_CAST(cnt AS DECIMAL(16,4)) AS q, TRY_CAST(pric AS DECIMAL(16,6)) AS p,
                   TRY_CAST(substr(t, 1, 10) AS DATE) AS d,
              CASE
                WHEN id IS NULL OR id = '' THEN 'feedetl_sn'
                WHEN code IS NULL OR NOT regexp_full_match(code, 'C[0-9]{14}([0-9]{12})?') THEN 'med_list_codg'
                WHEN cnt IS NULL OR NOT regexp_full_match(cnt, '-?[0-9]{1,12}(\.[0-9]{1,4})?') OR TRY_CAST(cnt AS DECIMAL(16,4)) = 0 THEN 'cnt'
                WHEN pric IS NULL OR NOT regexp_full_match(pric, '-?[0-9]{1,10}(\.[0-9]{1,6})?') THEN 'pric'
                WHEN t IS NULL OR NOT regexp_full_match(t, '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?')
                     OR TRY_CAST(substr(t, 1, 10) AS DATE) IS NULL THEN 'fee_ocur_time'
              END AS invalid
            FROM ({source})))
        GROUP BY invalid, sale
        """;

    /// <summary>A kept sale: valid, the only sale carrying its serial number, at a positive price.</summary>
    private const string Kept = "invalid IS NULL AND n = 1 AND p > 0";

    private const string Counts = """
        SELECT
          CAST(coalesce(sum(lines), 0) AS BIGINT) AS lines,
          CAST(coalesce(sum(rc) FILTER (WHERE invalid IS NULL), 0) AS BIGINT) AS refund_lines,
          CAST(coalesce(sum(n) FILTER (WHERE invalid IS NULL AND n > 1), 0) AS BIGINT) AS duplicates,
          count(*) FILTER (WHERE invalid IS NULL AND n = 1 AND p <= 0) AS non_positive,
          CAST(coalesce(sum(rc) FILTER (WHERE {kept}), 0) AS BIGINT) AS matched_refunds,
          count(*) FILTER (WHERE {kept} AND q + rq <= 0) AS fully_refunded,
          count(*) FILTER (WHERE {kept} AND q + rq > 0 AND (d < $from OR d > $to)) AS outside
        FROM netted
        """;

    /// <summary>
    /// The quantity-weighted median per group: the quantities summed per price, the running quantity in price order; the
    /// first price where twice the running quantity reaches the total W, or — when it equals W exactly — the mean of
    /// that price and the next (multiplying by 0.5 keeps a DECIMAL, where dividing would give a DOUBLE); ROUND on a
    /// DECIMAL rounds half away from zero.
    /// </summary>
    private const string Medians = """
        WITH units AS (
          SELECT code, {group} AS k, p, q + rq AS nq FROM netted WHERE {kept} AND q + rq > 0 AND d BETWEEN $from AND $to),
        steps AS (SELECT k, p, sum(nq) AS w FROM units GROUP BY k, p),
        runs AS (
          SELECT k, p,
                 sum(w) OVER (PARTITION BY k ORDER BY p ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c,
                 sum(w) OVER (PARTITION BY k) AS total,
                 lead(p) OVER (PARTITION BY k ORDER BY p) AS next
          FROM steps),
        medians AS (
          SELECT k, round(arg_min(CASE WHEN c * 2 = total THEN (p + next) * 0.5 ELSE CAST(p AS DECIMAL(18,7)) END, p), 2) AS median,
                 any_value(total) AS units
          FROM runs WHERE c * 2 >= total GROUP BY k)
        SELECT u.code, m.k, m.median, m.units
        FROM (SELECT DISTINCT code, k FROM units) u JOIN medians m ON m.k = u.k
        ORDER BY u.code
        """;

    /// <summary>Computes the medians of the records dated from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="files">The record files.</param>
    /// <param name="from">The first day of the period.</param>
    /// <param name="to">The last day of the period (inclusive).</param>
    /// <param name="grouping">Per catalogue code or per generic name.</param>
    /// <param name="workFolder">An empty folder the database may spill to.</param>
    /// <param name="stage">Told each stage as it starts (for a progress display).</param>
    /// <exception cref="UsageException">A file cannot be read or lacks a field.</exception>
    internal static MedianResult Run(RecordFiles files, DateOnly from, DateOnly to, MedianGrouping grouping, string workFolder, Action<string>? stage = null)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, "SET memory_limit = '" + MemoryLimit + "'");
        Execute(connection, "SET preserve_insertion_order = false");
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SET temp_directory = $folder";
            command.Parameters.Add(new DuckDBParameter("folder", workFolder));
            command.ExecuteNonQuery();
        }

        stage?.Invoke("reading records, netting refunds");
        try
        {
            Execute(connection, Net.Replace("{source}", Source(connection, files), StringComparison.Ordinal), files);
            stage?.Invoke("computing medians");
            var counts = ReadCounts(connection, from, to);
            var rows = new List<MedianRow>();
            var medians = Medians
                .Replace("{group}", grouping == MedianGrouping.GenericName ? "substr(code, 1, 10)" : "code", StringComparison.Ordinal)
                .Replace("{kept}", Kept, StringComparison.Ordinal);
            using (var command = Command(connection, medians, from, to))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add(new MedianRow(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3)));
                }
            }

            return new MedianResult(rows, counts);
        }
        catch (DuckDBException ex)
        {
            throw new UsageException("The records cannot be read: " + ex.Message.ReplaceLineEndings(" "), ex);
        }
    }

    private static MedianCounts ReadCounts(DuckDBConnection connection, DateOnly from, DateOnly to)
    {
        var invalid = new List<(string, long)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT invalid, CAST(sum(lines) AS BIGINT) FROM netted WHERE invalid IS NOT NULL GROUP BY invalid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                invalid.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        invalid.Sort(static (a, b) => Array.IndexOf(Fields, a.Item1).CompareTo(Array.IndexOf(Fields, b.Item1)));
        using var counts = Command(connection, Counts.Replace("{kept}", Kept, StringComparison.Ordinal), from, to);
        using var row = counts.ExecuteReader();
        row.Read();
        var refundLines = Convert.ToInt64(row.GetValue(1), CultureInfo.InvariantCulture);
        var matched = Convert.ToInt64(row.GetValue(4), CultureInfo.InvariantCulture);
        return new MedianCounts(
            Lines: Convert.ToInt64(row.GetValue(0), CultureInfo.InvariantCulture),
            Invalid: invalid,
            NonPositivePrice: Convert.ToInt64(row.GetValue(3), CultureInfo.InvariantCulture),
            DuplicateSales: Convert.ToInt64(row.GetValue(2), CultureInfo.InvariantCulture),
            RefundsWithoutSale: refundLines - matched,
            FullyRefunded: Convert.ToInt64(row.GetValue(5), CultureInfo.InvariantCulture),
            OutsidePeriod: Convert.ToInt64(row.GetValue(6), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The union of the files' lines, each field as text. File lists are bound as parameters, never spliced into the
    /// SQL; CSV is read as text throughout, so a number is never guessed into a DOUBLE.
    /// </summary>
    private static string Source(DuckDBConnection connection, RecordFiles files)
    {
        var parts = new List<string>();
        if (files.Csv.Count > 0)
        {
            var csv = "read_csv($csv, header = true, all_varchar = true, union_by_name = true)";
            parts.Add(Select(connection, "csv", files.Csv, csv, csv));
        }

        if (files.Parquet.Count > 0)
        {
            var parquet = "read_parquet($parquet, union_by_name = true)";
            parts.Add(Select(connection, "parquet", files.Parquet, parquet, parquet));
        }

        if (files.Json.Count > 0)
        {
            // Each field read as text: a field holding numbers in some lines and strings in others is otherwise typed JSON, quotes and all.
            var columns = string.Join(", ", Fields.Prepend("init_feedetl_sn").Select(static f => f + ": 'VARCHAR'"));
            parts.Add(Select(connection, "json", files.Json, "read_json($json, format = 'auto', union_by_name = true)", $"read_json($json, format = 'auto', columns = {{{columns}}})"));
        }

        return string.Join(" UNION ALL ", parts);
    }

    /// <summary>
    /// Checks the files carry the fields (<c>init_feedetl_sn</c> may be absent: no refunds) and returns the projection
    /// of <paramref name="read"/>; <paramref name="describe"/> reads the same files as the files name their columns.
    /// </summary>
    private static string Select(DuckDBConnection connection, string parameter, IReadOnlyList<string> paths, string describe, string read)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DESCRIBE SELECT * FROM " + describe;
            command.Parameters.Add(new DuckDBParameter(parameter, paths.ToArray()));
            using var described = command.ExecuteReader();
            while (described.Read())
            {
                columns.Add(described.GetString(0));
            }
        }
        catch (DuckDBException ex)
        {
            throw new UsageException($"The {parameter.ToUpperInvariant()} records ({string.Join(", ", paths)}) cannot be read: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        var missing = Fields.Where(f => !columns.Contains(f)).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException($"The {parameter.ToUpperInvariant()} records ({string.Join(", ", paths)}) have no column {string.Join(", ", missing)} (fee-detail fields: feedetl_sn, init_feedetl_sn, med_list_codg, cnt, pric, fee_ocur_time).");
        }

        var init = columns.Contains("init_feedetl_sn") || read != describe ? "init_feedetl_sn" : "NULL";
        return "SELECT " + Project.Replace("{init}", init, StringComparison.Ordinal) + " FROM " + read;
    }

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, DateOnly from, DateOnly to)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter("from", from));
        command.Parameters.Add(new DuckDBParameter("to", to));
        return command;
    }

    private static void Execute(DuckDBConnection connection, string sql, RecordFiles? files = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (files is not null)
        {
            AddFiles(command, "csv", files.Csv);
            AddFiles(command, "parquet", files.Parquet);
            AddFiles(command, "json", files.Json);
        }

        command.ExecuteNonQuery();
    }

    private static void AddFiles(DuckDBCommand command, string name, IReadOnlyList<string> paths)
    {
        if (paths.Count > 0)
        {
            command.Parameters.Add(new DuckDBParameter(name, paths.ToArray()));
        }
    }
}
