using System.Globalization;
using Consumables.Rules.Catalogue;
using DuckDB.NET.Data;

namespace Consumables.Rules.Cli.Medians;

/// <summary>Whether medians are taken per 15-character catalogue code or per generic name (医保通用名).</summary>
internal enum MedianGrouping
{
    /// <summary>One median per 15-character catalogue code.</summary>
    CatalogueCode,

    /// <summary>One median per generic-name class (the code's first 10 characters), written under each catalogue code of it.</summary>
    GenericName,

    /// <summary>
    /// One median per NHSA generic-name number (医保通用名编号, 6 digits) of a generic-name table, written under each
    /// catalogue code of it; a code the table does not name is its own group.
    /// </summary>
    GenericNameNumber,
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

    /// <summary>The text forms of the fields, checked whole: the 15- or 27-character code, cnt (16,4), pric (16,6), the time.</summary>
    private const string CodePattern = @"C[0-9]{14}([0-9]{12})?";
    private const string CntPattern = @"-?[0-9]{1,12}(\.[0-9]{1,4})?";
    private const string PricPattern = @"-?[0-9]{1,10}(\.[0-9]{1,6})?";
    private const string TimePattern = @"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?";

    /// <summary>
    /// Classifies every line once — the first invalid field (in <see cref="Fields"/> order), else the typed values;
    /// numbers must fit the platform's widths exactly (cnt 16,4; pric 16,6), so nothing is rounded on the way in. A
    /// valid line (nearly every line) costs one regular expression over its four text fields joined by <c>|</c> (a
    /// character no valid field holds); only a line failing it is checked field by field. It keeps the line's sale
    /// serial number: a sale's own, a refund's the one it names. The code is kept to
    /// <c>{width}</c> characters (15, or 20 when a generic-name table maps classification-and-manufacturer codes).
    /// </summary>
    private const string Lines = """
        CREATE TEMP TABLE lines AS
        SELECT invalid, CASE WHEN invalid IS NULL THEN CASE WHEN q > 0 THEN id ELSE init END END AS sale,
               CASE WHEN invalid IS NULL THEN substr(code, 1, {width}) END AS code, q, p, d
        FROM (
          SELECT id, init, code, q, p, d,
            CASE
              WHEN id <> '' AND q <> 0 AND d IS NOT NULL
                   AND regexp_full_match(code || '|' || cnt || '|' || pric || '|' || t, '{code}\|{cnt}\|{pric}\|{time}') THEN NULL
              WHEN id IS NULL OR id = '' THEN 'feedetl_sn'
              WHEN code IS NULL OR NOT regexp_full_match(code, '{code}') THEN 'med_list_codg'
              WHEN cnt IS NULL OR NOT regexp_full_match(cnt, '{cnt}') OR q = 0 THEN 'cnt'
              WHEN pric IS NULL OR NOT regexp_full_match(pric, '{pric}') THEN 'pric'
              WHEN t IS NULL OR NOT regexp_full_match(t, '{time}') OR d IS NULL THEN 'fee_ocur_time'
            END AS invalid
          FROM (
            SELECT *, TRY_CAST(cnt AS DECIMAL(16,4)) AS q, TRY_CAST(pric AS DECIMAL(16,6)) AS p, TRY_CAST(substr(t, 1, 10) AS DATE) AS d
            FROM ({source})))
        """;

    /// <summary>
    /// Nets refunds against their sales with hash joins and sorts every valid sale into its outcome, one row per code,
    /// price and outcome (so what follows reads few rows): refunds summed per sale they name (a small aggregate: refunds
    /// are few); serial numbers carried by more than one sale (then it names none of them) found by their 64-bit hash
    /// first — a grouping on a number, not on text — and confirmed on the text; the sale's quantity after its refunds
    /// kept in a 64-bit DECIMAL.
    /// </summary>
    private const string Net = """
        CREATE TEMP TABLE netted AS
        WITH refunds AS (SELECT sale, sum(q) AS rq, count(*) AS rc FROM lines WHERE invalid IS NULL AND q < 0 GROUP BY sale),
        candidates AS (SELECT hash(sale) AS h FROM lines WHERE invalid IS NULL AND q > 0 GROUP BY h HAVING count(*) > 1),
        duplicates AS (
          SELECT sale FROM lines WHERE invalid IS NULL AND q > 0 AND hash(sale) IN (SELECT h FROM candidates)
          GROUP BY sale HAVING count(*) > 1)
        SELECT code, p, outcome, count(*) AS sales, sum(rc) AS rc, sum(nq) AS w
        FROM (
          SELECT code, p, rc, nq,
                 CASE WHEN duplicate THEN 'duplicate' WHEN p <= 0 THEN 'non-positive' WHEN nq <= 0 THEN 'refunded'
                      WHEN d < $from OR d > $to THEN 'outside' ELSE 'kept' END AS outcome
          FROM (
            SELECT s.code, s.p, s.d, coalesce(r.rc, 0) AS rc, CAST(s.q + coalesce(r.rq, 0) AS DECIMAL(18,4)) AS nq,
                   dup.sale IS NOT NULL AS duplicate
            FROM (SELECT sale, code, q, p, d FROM lines WHERE invalid IS NULL AND q > 0) s
            LEFT JOIN refunds r ON r.sale = s.sale
            LEFT JOIN duplicates dup ON dup.sale = s.sale))
        GROUP BY code, p, outcome
        """;

    private const string Counts = """
        SELECT
          (SELECT count(*) FROM lines) AS lines,
          (SELECT count(*) FROM lines WHERE invalid IS NULL AND q < 0) AS refund_lines,
          CAST(coalesce(sum(sales) FILTER (WHERE outcome = 'duplicate'), 0) AS BIGINT) AS duplicates,
          CAST(coalesce(sum(sales) FILTER (WHERE outcome = 'non-positive'), 0) AS BIGINT) AS non_positive,
          CAST(coalesce(sum(rc) FILTER (WHERE outcome IN ('refunded', 'outside', 'kept')), 0) AS BIGINT) AS matched_refunds,
          CAST(coalesce(sum(sales) FILTER (WHERE outcome = 'refunded'), 0) AS BIGINT) AS fully_refunded,
          CAST(coalesce(sum(sales) FILTER (WHERE outcome = 'outside'), 0) AS BIGINT) AS outside
        FROM netted
        """;

    /// <summary>
    /// The quantity-weighted median per group: the quantities summed per code, group and price first (real records
    /// repeat prices massively, so this leaves few rows), then per group and price; the running quantity in price
    /// order; the first price where twice the running quantity reaches the total W, or — when it equals W exactly — the
    /// mean of that price and the next (multiplying by 0.5 keeps a DECIMAL, where dividing would give a DOUBLE); ROUND
    /// on a DECIMAL rounds half away from zero. Each code is written with the median of its group (a code whose units
    /// fall in two groups — products of one code under two generic-name numbers — with the group holding most of them).
    /// </summary>
    private const string Medians = """
        WITH units AS (SELECT substr(netted.code, 1, 15) AS code, {group} AS k, p, w FROM netted {join} WHERE outcome = 'kept'),
        steps AS (SELECT k, p, sum(w) AS w FROM units GROUP BY k, p),
        runs AS (
          SELECT k, p,
                 sum(w) OVER (PARTITION BY k ORDER BY p ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c,
                 sum(w) OVER (PARTITION BY k) AS total,
                 lead(p) OVER (PARTITION BY k ORDER BY p) AS next
          FROM steps),
        medians AS (
          SELECT k, round(arg_min(CASE WHEN c * 2 = total THEN (p + next) * 0.5 ELSE CAST(p AS DECIMAL(18,7)) END, p), 2) AS median,
                 any_value(total) AS units
          FROM runs WHERE c * 2 >= total GROUP BY k),
        pairs AS (SELECT code, k, sum(w) AS w FROM units GROUP BY code, k)
        SELECT pairs.code, medians.k, medians.median, medians.units
        FROM pairs JOIN medians ON medians.k = pairs.k
        QUALIFY row_number() OVER (PARTITION BY pairs.code ORDER BY pairs.w DESC, pairs.k) = 1
        ORDER BY pairs.code
        """;

    /// <summary>
    /// The generic-name table's members and their numbers (医保通用名编号): a classification-and-manufacturer code
    /// (20 characters) is matched before its catalogue code (15); a code the table does not name is its own group.
    /// </summary>
    private const string NumberJoin = """
        LEFT JOIN members m20 ON m20.member = netted.code
        LEFT JOIN members m15 ON m15.member = substr(netted.code, 1, 15)
        """;

    /// <summary>Computes the medians of the records dated from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="files">The record files.</param>
    /// <param name="from">The first day of the period.</param>
    /// <param name="to">The last day of the period (inclusive).</param>
    /// <param name="grouping">Per catalogue code or per generic name.</param>
    /// <param name="workFolder">An empty folder the database may spill to.</param>
    /// <param name="stage">Told each stage as it starts (for a progress display).</param>
    /// <param name="genericNames">The generic-name table <see cref="MedianGrouping.GenericNameNumber"/> groups by.</param>
    /// <exception cref="UsageException">A file cannot be read or lacks a field.</exception>
    internal static MedianResult Run(RecordFiles files, DateOnly from, DateOnly to, MedianGrouping grouping, string workFolder, Action<string>? stage = null, IReadOnlyList<GenericName>? genericNames = null)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, "SET memory_limit = '" + MemoryLimit + "'");
        Execute(connection, "SET preserve_insertion_order = false");
        // One thread a core this process may use (the database's own count may see the host's cores, not the container's).
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"SET threads = {Environment.ProcessorCount}"));
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SET temp_directory = $folder";
            command.Parameters.Add(new DuckDBParameter("folder", workFolder));
            command.ExecuteNonQuery();
        }

        stage?.Invoke("reading records, netting refunds");
        try
        {
            var byNumber = grouping == MedianGrouping.GenericNameNumber;
            Execute(
                connection,
                Lines.Replace("{source}", Source(connection, files), StringComparison.Ordinal).Replace("{width}", byNumber ? "20" : "15", StringComparison.Ordinal)
                    .Replace("{code}", CodePattern, StringComparison.Ordinal).Replace("{cnt}", CntPattern, StringComparison.Ordinal)
                    .Replace("{pric}", PricPattern, StringComparison.Ordinal).Replace("{time}", TimePattern, StringComparison.Ordinal),
                files);
            using (var net = Command(connection, Net, from, to))
            {
                net.ExecuteNonQuery();
            }

            stage?.Invoke("computing medians");
            var counts = ReadCounts(connection);
            if (byNumber)
            {
                LoadMembers(connection, genericNames ?? []);
            }

            var rows = new List<MedianRow>();
            var medians = Medians
                .Replace("{group}", grouping switch
                {
                    MedianGrouping.GenericName => "substr(netted.code, 1, 10)",
                    MedianGrouping.GenericNameNumber => "coalesce(m20.number, m15.number, substr(netted.code, 1, 15))",
                    _ => "substr(netted.code, 1, 15)",
                }, StringComparison.Ordinal)
                .Replace("{join}", byNumber ? NumberJoin : string.Empty, StringComparison.Ordinal)
;
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

    /// <summary>Loads the table's members (catalogue and classification-and-manufacturer codes) with their numbers.</summary>
    private static void LoadMembers(DuckDBConnection connection, IReadOnlyList<GenericName> names)
    {
        Execute(connection, "CREATE TEMP TABLE members (member VARCHAR PRIMARY KEY, number VARCHAR NOT NULL)");
        using var appender = connection.CreateAppender("temp", "main", "members");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var number = name.Number.ToString();
            foreach (var member in name.CatalogueCodes.Select(static c => c.ToString()).Concat(name.ManufacturerCodes.Select(static c => c.ToString())))
            {
                // A code under two numbers: the first stands, as when the table is imported.
                if (seen.Add(member))
                {
                    appender.CreateRow().AppendValue(member).AppendValue(number).EndRow();
                }
            }
        }
    }

    private static MedianCounts ReadCounts(DuckDBConnection connection)
    {
        var invalid = new List<(string, long)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT invalid, count(*) FROM lines WHERE invalid IS NOT NULL GROUP BY invalid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                invalid.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        invalid.Sort(static (a, b) => Array.IndexOf(Fields, a.Item1).CompareTo(Array.IndexOf(Fields, b.Item1)));
        using var counts = connection.CreateCommand();
        counts.CommandText = Counts;
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
