using System.Globalization;
using System.Text;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Cli.Medians;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;
using DuckDB.NET.Data;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Cli.Tests;

/// <summary>The <c>medians</c> verb: the database's medians against the in-memory reference, the formats, the policy's selection and the round trip through <c>import medians</c>.</summary>
public sealed class MediansCommandTests : IDisposable
{
    private const string Header = "feedetl_sn,init_feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time\n";
    private static readonly DateOnly From = new(2025, 1, 1);
    private static readonly DateOnly To = new(2025, 12, 31);
    private static readonly CatalogueCode[] Codes = [.. new[] { "C01010100101001", "C07010100100101", "C07010100100102", "C12010100300101" }.Select(CatalogueCode.Parse)];

    private readonly string _folder = Directory.CreateTempSubdirectory("consumables-medians-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string Write(string name, string text, Encoding? encoding = null)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    /// <summary>Writes the CSV records to Parquet with the database's COPY, typed as a platform export would be.</summary>
    private string ToParquet(string csv, string name)
    {
        var path = PathOf(name);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            COPY (SELECT feedetl_sn, init_feedetl_sn, med_list_codg, CAST(cnt AS DECIMAL(16,4)) AS cnt, CAST(pric AS DECIMAL(16,6)) AS pric,
                         CAST(fee_ocur_time AS TIMESTAMP) AS fee_ocur_time
                  FROM read_csv($csv, header = true, all_varchar = true)) TO '
            """.TrimEnd() + path.Replace("'", "''", StringComparison.Ordinal) + "' (FORMAT parquet)";
        command.Parameters.Add(new DuckDBParameter("csv", csv));
        command.ExecuteNonQuery();
        return path;
    }

    private static string Csv(IEnumerable<SettlementRecord> records) =>
        Header + string.Concat(records.Select(static (r, i) => string.Create(
            CultureInfo.InvariantCulture,
            // Every other line carries the 27-character code (the platform's med_list_codg), the rest the 15-character one.
            $"{r.Id},{r.SaleId},{r.Code}{(i % 2 == 0 ? "064100000001" : string.Empty)},{r.Quantity},{r.UnitPrice},{r.Date:yyyy-MM-dd} 09:30:00\n")));

    /// <summary>One line of a generated batch: what it is, and the values it takes them from.</summary>
    private readonly record struct LineSpec(int Kind, int Code, int Quantity, int PriceFen, int Day, int Target);

    private static readonly decimal[] Quantities = [1m, 1m, 2m, 3m, 0.5m, 1.25m, 10m, 0m];

    private static Gen<SettlementRecord[]> Records() =>
        Gen.ListOf(
                from kind in Gen.Frequency((6, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)))
                from code in Gen.Choose(0, Codes.Length - 1)
                from quantity in Gen.Choose(0, Quantities.Length - 1)
                // Few distinct prices, so ties are common; now and then zero.
                from price in Gen.Frequency((12, Gen.Choose(1, 8).Select(static p => p * 2550)), (1, Gen.Constant(0)))
                from day in Gen.Choose(-40, 400)
                from target in Gen.Choose(0, 1000)
                select new LineSpec(kind, code, quantity, price, day, target))
            .Select(Build);

    /// <summary>Sales, refunds of earlier sales (in part, in full or beyond), refunds naming nothing, and sales reusing an earlier serial number.</summary>
    private static SettlementRecord[] Build(IEnumerable<LineSpec> specs)
    {
        var records = new List<SettlementRecord>();
        var sales = new List<SettlementRecord>();
        foreach (var (s, i) in specs.Select(static (s, i) => (s, i)))
        {
            var date = From.AddDays(s.Day);
            var price = s.PriceFen / 100m;
            var line = s.Kind switch
            {
                1 when sales.Count > 0 => Refund(sales[s.Target % sales.Count], $"r{i}", s.Target % 5, date),
                2 => new SettlementRecord($"r{i}", $"gone{i}", Codes[s.Code], -1m, price, date),
                3 when sales.Count > 0 => new SettlementRecord(sales[s.Target % sales.Count].Id, null, Codes[s.Code], Quantities[s.Quantity], price, date),
                _ => new SettlementRecord($"s{i}", null, Codes[s.Code], Quantities[s.Quantity], price, date),
            };
            records.Add(line);
            if (line.Quantity > 0m)
            {
                sales.Add(line);
            }
        }

        return [.. records];

        // A quarter, half, three quarters or all of the sale, or more than all (a quarter of a unit at least).
        static SettlementRecord Refund(SettlementRecord sale, string id, int quarters, DateOnly date) =>
            new(id, sale.Id, sale.Code, -Math.Max(0.25m, sale.Quantity * (quarters + 1) / 4m), sale.UnitPrice, date);
    }

    private MedianResult Database(string file, MedianGrouping grouping = MedianGrouping.CatalogueCode)
    {
        var work = Directory.CreateTempSubdirectory("consumables-medians-spill-").FullName;
        try
        {
            var files = file.EndsWith(".parquet", StringComparison.Ordinal) ? new RecordFiles([], [file], []) : new RecordFiles([file], [], []);
            return MedianQuery.Run(files, From, To, grouping, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void AssertAgree(SettlementRecord[] records, MedianResult database)
    {
        // A minimum no code reaches: every code comes back with its units and median.
        var reference = SettlementMedianCalculator.Compute(records, From, To, minimumUnits: decimal.MaxValue);
        Assert.Equal(
            reference.BelowMinimum.Select(static s => (s.Code.ToString(), s.Median, s.Units)),
            database.Rows.Select(static r => (r.Code, r.Median, r.Units)));
        var c = database.Counts;
        Assert.Equal(
            (reference.Lines, reference.Invalid, reference.NonPositivePrice, reference.DuplicateSales, reference.RefundsWithoutSale, reference.FullyRefunded, reference.OutsidePeriod),
            (c.Lines, c.InvalidLines, c.NonPositivePrice, c.DuplicateSales, c.RefundsWithoutSale, c.FullyRefunded, c.OutsidePeriod));
    }

    [Fact]
    public void The_database_computes_the_reference_medians_and_counts_from_csv_and_parquet()
    {
        var batch = 0;
        Prop.ForAll(Records().ToArbitrary(), records =>
            {
                var csv = Write($"records{++batch}.csv", Csv(records));
                AssertAgree(records, Database(csv));
                AssertAgree(records, Database(ToParquet(csv, $"records{batch}.parquet")));
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Fact]
    public void One_line_ties_and_an_exact_half_agree_with_the_reference()
    {
        var code = Codes[0];
        var day = new DateOnly(2025, 6, 1);
        SettlementRecord[][] cases =
        [
            [new("a", null, code, 1m, 12.345m, day)],
            [new("a", null, code, 2m, 10m, day), new("b", null, code, 1m, 10m, day), new("c", null, code, 3m, 30m, day)],
            [new("a", null, code, 1.5m, 10.001m, day), new("b", null, code, 0.5m, 10.002m, day), new("c", null, code, 2m, 20m, day)],
            [new("a", null, code, 1m, 0.005m, day), new("b", null, code, 1m, 0.006m, day)],
        ];
        foreach (var (records, i) in cases.Select(static (r, i) => (r, i)))
        {
            AssertAgree(records, Database(Write($"case{i}.csv", Csv(records))));
        }
    }

    [Fact]
    public void Medians_round_trip_through_import_medians_into_the_policy()
    {
        var records = Write("records.csv", Header + """
            s1,,C01010100101001047440000001,40,8000.00,2025-03-01 10:00:00
            s2,,C01010100101001,20,9000.50,2025-04-01
            r2,s2,C01010100101001,-5,9000.50,2026-01-03
            s3,,C07010100100101,31,61000.125,2025-06-01
            """.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        var policy = PathOf("policy.json");
        File.Copy(Path.Combine(CliRun.RepositoryRoot, "src", "Consumables.Rules", "Policy", "Default", "sx-2026-b1.json"), policy);
        var medians = PathOf("medians.csv");

        var computed = CliRun.Of("medians", records, "--from", "2025-01-01", "--to", "2025-12-31", "--policy", policy, "-o", medians);
        var imported = CliRun.Of("import", "medians", medians, "--into", policy);

        Assert.True(computed.ExitCode == 0, computed.Error);
        Assert.True(imported.ExitCode == 0, imported.Error);
        var loaded = PolicyVersion.LoadFile(policy);
        // 40 at 8000 and 15 at 9000.50: the 28th of 55 units is at 8000. 31 units at 61000.125 → 61000.13.
        Assert.Equal(
            [("C01010100101001", 8000.00m, From, To), ("C07010100100101", 61000.13m, From, To)],
            loaded.SettlementMedians.Select(static m => (m.Code.ToString(), m.Median, m.From, m.To)));
        Assert.Contains("published: 2 code(s) of policy sx-2026-b1", computed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_policy_publishes_only_its_non_procured_high_value_codes_and_a_small_sample_is_reported_not_published()
    {
        var records = Write("records.csv", Header + string.Concat(
            Enumerable.Range(0, 30).Select(static i => string.Create(CultureInfo.InvariantCulture, $"a{i},,C01010100101001,1,{8000 + i},2025-03-01\n"))) +
            "b1,,C02010100200301,100,600,2025-03-01\nc1,,C12010100300101,100,200,2025-03-01\nd1,,C07010100100101,29,60000,2025-03-01\n");
        var output = PathOf("medians.csv");

        var run = CliRun.Of("medians", records, "--from", "2025-01-01", "--to", "2025-12-31", "-p", Path.Combine(CliRun.RepositoryRoot, "src", "Consumables.Rules", "Policy", "Default", "sx-2026-b1.json"), "-o", output);

        // C02… is procured, C12… low-value; C07… has 29 units, one short of the default minimum of 30.
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            [string.Join(',', MediansCommand.Header), "C01010100101001,8014.50,2025-01-01,2025-12-31,30,C01010100101001"],
            File.ReadAllLines(output));
        Assert.Contains("not published: 2 code(s)", run.Error, StringComparison.Ordinal);
        Assert.Contains("C07010100100101: 29 unit(s), median 60000.00", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_in_gb18030_parquet_and_json_give_the_same_table()
    {
        var text = Header + "s1,,C01010100101001,2,100.10,2025-03-01\ns2,,C01010100101001,1,300,2025-03-01\nr1,s1,C01010100101001,-1,100.10,2025-03-02\nx,,坏代码,1,5,2025-03-01\n";
        var utf8 = Write("records.csv", text);
        var gb = Write("records-gb.csv", text, CodePagesEncoding("GB18030"));
        var parquet = ToParquet(utf8, "records.parquet");
        var json = Write("records.jsonl", """
            {"feedetl_sn":"s1","init_feedetl_sn":null,"med_list_codg":"C01010100101001","cnt":2,"pric":"100.10","fee_ocur_time":"2025-03-01"}
            {"feedetl_sn":"s2","init_feedetl_sn":null,"med_list_codg":"C01010100101001","cnt":1,"pric":300,"fee_ocur_time":"2025-03-01"}
            {"feedetl_sn":"r1","init_feedetl_sn":"s1","med_list_codg":"C01010100101001","cnt":-1,"pric":"100.10","fee_ocur_time":"2025-03-02"}
            {"feedetl_sn":"x","init_feedetl_sn":null,"med_list_codg":"坏代码","cnt":1,"pric":5,"fee_ocur_time":"2025-03-01"}
            """);

        var tables = new[] { utf8, gb, parquet, json }.Select(file =>
        {
            var output = PathOf(Path.GetFileName(file) + ".medians.csv");
            var run = CliRun.Of("medians", file, "--from", "2025-01-01", "--to", "2025-12-31", "--all", "--min-units", "1", "-o", output);
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("1 invalid med_list_codg", run.Error, StringComparison.Ordinal);
            return File.ReadAllText(output);
        }).ToList();

        // s1 keeps 1 unit at 100.10 after its refund; with s2 at 300 the running quantity is exactly half at 100.10: (100.10 + 300) / 2.
        Assert.All(tables, static t => Assert.EndsWith("C01010100101001,200.05,2025-01-01,2025-12-31,2,C01010100101001\n", t, StringComparison.Ordinal));
        Assert.Single(tables.Distinct());
    }

    [Fact]
    public void Generic_names_pool_the_codes_of_one_generic_name()
    {
        var records = Write("records.csv", Header + "a,,C07010100100101,1,100,2025-03-01\nb,,C07010100100102,2,200,2025-03-01\nc,,C01010100101001,1,50,2025-03-01\n");
        var output = PathOf("medians.csv");

        var run = CliRun.Of("medians", records, "--from", "2025-01-01", "--to", "2025-12-31", "--all", "--generic-names", "--min-units", "1", "-o", output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            [
                string.Join(',', MediansCommand.Header),
                "C01010100101001,50.00,2025-01-01,2025-12-31,1,C010101001",
                "C07010100100101,200.00,2025-01-01,2025-12-31,3,C070101001",
                "C07010100100102,200.00,2025-01-01,2025-12-31,3,C070101001",
            ],
            File.ReadAllLines(output));
    }

    [Fact]
    public void Generic_name_numbers_pool_the_codes_a_generic_name_table_maps_to_one_number()
    {
        // a's 27-character code is a member by its 20-character classification-and-manufacturer code (under 001001),
        // which stands before its catalogue code's own membership (002002); d shares no 10-character prefix with a or b.
        var records = Write("records.csv", Header
            + "a,,C07010100100101064100000001,1,100,2025-03-01\nb,,C07010100100102,2,200,2025-03-01\n"
            + "c,,C01010100101001,1,50,2025-03-01\nd,,C12010100300101,1,400,2025-03-01\n");
        GenericName[] table =
        [
            new(GenericNameNumber.Parse("001001"), "骨科钛板", [CatalogueCode.Parse("C07010100100102"), CatalogueCode.Parse("C12010100300101")], [ManufacturerCode.Parse("C0701010010010106410")]),
            new(GenericNameNumber.Parse("002002"), "另一通用名", [CatalogueCode.Parse("C07010100100101")]),
        ];
        var work = Directory.CreateTempSubdirectory("consumables-medians-spill-").FullName;
        try
        {
            var result = MedianQuery.Run(new RecordFiles([records], [], []), From, To, MedianGrouping.GenericNameNumber, work, genericNames: table);

            // 001001 pools 1 unit at 100, 2 at 200 and 1 at 400: the running quantity passes half (2) at 200.
            Assert.Equal(
                [
                    new MedianRow("C01010100101001", "C01010100101001", 50m, 1m),
                    new MedianRow("C07010100100101", "001001", 200m, 4m),
                    new MedianRow("C07010100100102", "001001", 200m, 4m),
                    new MedianRow("C12010100300101", "001001", 200m, 4m),
                ],
                result.Rows);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void Generic_names_follow_the_policy_generic_name_table_when_it_has_one()
    {
        var records = Write("records.csv", Header + "s1,,C01010100101001,40,8000.00,2025-03-01\ns3,,C07010100100101,31,61000.125,2025-06-01\n");
        var policy = Write("policy.json", File.ReadAllText(Path.Combine(CliRun.RepositoryRoot, "src", "Consumables.Rules", "Policy", "Default", "sx-2026-b1.json"))
            .Replace("\"catalogue\": [", "\"genericNames\": [{ \"number\": \"001001\", \"name\": \"示例通用名\", \"codes\": [\"C01010100101001\", \"C07010100100101\"] }],\n  \"catalogue\": [", StringComparison.Ordinal));
        var output = PathOf("medians.csv");

        var run = CliRun.Of("medians", records, "--from", "2025-01-01", "--to", "2025-12-31", "--policy", policy, "--generic-names", "--min-units", "1", "-o", output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("per generic-name number (医保通用名编号)", run.Error, StringComparison.Ordinal);
        // One pool of 71 units: the 36th is among the 40 at 8000.
        Assert.Equal(
            [
                string.Join(',', MediansCommand.Header),
                "C01010100101001,8000.00,2025-01-01,2025-12-31,71,001001",
                "C07010100100101,8000.00,2025-01-01,2025-12-31,71,001001",
            ],
            File.ReadAllLines(output));
    }

    [Fact]
    public void Records_without_a_field_are_refused_naming_the_field()
    {
        var records = Write("records.csv", "feedetl_sn,med_list_codg,cnt,fee_ocur_time\n1,C01010100101001,1,2025-03-01\n");

        var run = CliRun.Of("medians", records, "--from", "2025-01-01", "--to", "2025-12-31", "--all");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("have no column pric", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_warns_when_a_median_period_reaches_the_policy_first_day()
    {
        var text = File.ReadAllText(Path.Combine(CliRun.RepositoryRoot, "src", "Consumables.Rules", "Policy", "Default", "sx-2026-b1.json"))
            .Replace("\"from\": \"2025-01-01\", \"to\": \"2025-12-31\" },", "\"from\": \"2025-01-01\", \"to\": \"2026-01-01\" },", StringComparison.Ordinal);
        var policy = Write("policy.json", text);

        var run = CliRun.Of("validate", policy);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("$.settlementMedians[0].to: The median of C01010100101001 was computed over a period ending 2026-01-01, not before the policy's first day 2026-01-01.", run.Out, StringComparison.Ordinal);
    }

    private static Encoding CodePagesEncoding(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }
}
