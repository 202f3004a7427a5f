using System.Diagnostics;
using System.Globalization;
using System.Text;
using Consumables.Rules.Cli;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;
using DuckDB.NET.Data;

namespace Consumables.Rules.Benchmarks;

/// <summary>
/// The settlement-median scale measurement, a timed command rather than a BenchmarkDotNet class (one run of 10⁷ lines
/// takes tens of seconds, and peak memory is the process's, so each measurement runs in a fresh child process):
/// <c>dotnet run -c Release --project benchmarks/Consumables.Rules.Benchmarks -- medians [LINES…]</c>. For each size it
/// generates seeded records (CSV, then Parquet by the database's COPY), then times <c>consumables medians</c> on each
/// and the in-memory reference calculator on the CSV, printing wall time and peak resident memory (VmHWM). Not run in CI.
/// </summary>
internal static class MedianScale
{
    private static readonly DateOnly From = new(2025, 1, 1);
    private static readonly DateOnly To = new(2025, 12, 31);

    internal static int Run(string[] args)
    {
        var sizes = args.Where(static a => !a.StartsWith("--", StringComparison.Ordinal)).Select(static a => long.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(1_000_000).ToList();
        var referenceUpTo = args.FirstOrDefault(static a => a.StartsWith("--reference-up-to=", StringComparison.Ordinal)) is { } r
            ? long.Parse(r["--reference-up-to=".Length..], CultureInfo.InvariantCulture)
            : 3_000_000;
        var folder = Directory.CreateTempSubdirectory("consumables-median-scale-").FullName;
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; DuckDB memory limit {Cli.Medians.MedianQuery.MemoryLimit}");
            Console.WriteLine("| lines | input | what | wall s | CPU s | peak MB | medians |");
            Console.WriteLine("|---:|---|---|---:|---:|---:|---:|");
            foreach (var lines in sizes)
            {
                var csv = Path.Combine(folder, $"records-{lines}.csv");
                var parquet = Path.ChangeExtension(csv, ".parquet");
                Generate(csv, lines, seed: 20250101);
                ToParquet(csv, parquet);
                Measure(lines, "CSV", "consumables medians (DuckDB)", "tool", csv);
                Measure(lines, "Parquet", "consumables medians (DuckDB)", "tool", parquet);
                if (lines <= referenceUpTo)
                {
                    Measure(lines, "CSV", "in-memory reference (parse, sort)", "reference", csv);
                }

                File.Delete(csv);
                File.Delete(parquet);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    /// <summary>Runs one measurement in this process (called in the child): prints wall and CPU seconds, peak MB and the medians computed.</summary>
    internal static int RunOne(string what, string file)
    {
        var clock = Stopwatch.StartNew();
        int medians;
        if (what == "tool")
        {
            var output = file + ".medians.csv";
            var error = new StringWriter();
            var console = new CliConsole(() => Stream.Null, () => Stream.Null, TextWriter.Null, error, false, false);
            var code = ConsumablesCli.Run(["medians", file, "--from", "2025-01-01", "--to", "2025-12-31", "--all", "-o", output], console);
            if (code != 0)
            {
                Console.Error.Write(error);
                return code;
            }

            medians = File.ReadLines(output).Count() - 1;
            File.Delete(output);
        }
        else
        {
            medians = SettlementMedianCalculator.Compute(ReadCsv(file), From, To).Medians.Count;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} {cpu:0.00} {PeakMegabytes()} {medians}"));
        return 0;
    }

    private static void Measure(long lines, string input, string label, string what, string file)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MedianScale).Assembly.Location);
        }

        foreach (var a in new[] { "medians-one", what, file })
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEnd();
        var stderr = child.StandardError.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"{label} on {file} failed ({child.ExitCode}): {stderr}");
        }

        var parts = stdout.Trim().Split(' ');
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {lines:N0} | {input} ({new FileInfo(file).Length / 1_000_000:N0} MB) | {label} | {parts[0]} | {parts[1]} | {parts[2]} | {parts[3]} |"));
    }

    /// <summary>The process's peak resident memory in MB (VmHWM on Linux; the peak working set elsewhere).</summary>
    private static long PeakMegabytes()
    {
        if (File.Exists("/proc/self/status"))
        {
            var line = File.ReadLines("/proc/self/status").First(static l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1_000_000;
    }

    /// <summary>
    /// Writes seeded fee-detail records with a province's shape: 3,000 codes whose popularity falls off as 1/rank, each
    /// settled at 3 to 300 prices (hospitals' prices) within ±30% of its own level (¥50 to ¥50,000); mostly one unit a line, some several, a few fractional;
    /// 3% of sales refunded (half in full), and a few refunds naming no sale, invalid lines, zero prices and lines
    /// dated before the period.
    /// </summary>
    internal static void Generate(string path, long lines, int seed)
    {
        var random = new Random(seed);
        const int codeCount = 3000;
        var codes = new string[codeCount];
        var prices = new decimal[codeCount][];
        var weights = new double[codeCount];
        for (var i = 0; i < codeCount; i++)
        {
            codes[i] = string.Create(CultureInfo.InvariantCulture, $"C{random.NextInt64(10_000_000_000_000, 99_999_999_999_999)}");
            // The prices hospitals settle the code at: a level from ¥50 to ¥50,000, 3 to 300 prices within ±30% of it.
            var level = Math.Exp(Math.Log(50) + (random.NextDouble() * Math.Log(1000)));
            prices[i] = new decimal[random.Next(3, 301)];
            for (var j = 0; j < prices[i].Length; j++)
            {
                prices[i][j] = Math.Round((decimal)(level * (0.7 + (random.NextDouble() * 0.6))), random.Next(4) == 0 ? 0 : 2);
            }

            weights[i] = (i == 0 ? 0 : weights[i - 1]) + (1.0 / (i + 1));
        }

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        writer.WriteLine("feedetl_sn,init_feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time");
        var recent = new (long Id, int Code, decimal Quantity, decimal Price)[4096];
        var inv = CultureInfo.InvariantCulture;
        for (long n = 0; n < lines; n++)
        {
            var roll = random.NextDouble();
            var day = From.AddDays(random.Next(-20, 365));
            var time = string.Create(inv, $"{day:yyyy-MM-dd} {random.Next(8, 18):00}:{random.Next(0, 60):00}:00");
            var past = recent[random.Next(recent.Length)];
            if (roll < 0.03 && past.Id > 0)
            {
                // A refund of a recent sale: in full or in part.
                var quantity = random.Next(2) == 0 ? past.Quantity : Math.Max(0.5m, Math.Floor(past.Quantity / 2));
                writer.WriteLine(string.Create(inv, $"{n + 1},{past.Id},{codes[past.Code]},-{quantity},{past.Price},{time}"));
                continue;
            }

            if (roll < 0.031)
            {
                writer.WriteLine(string.Create(inv, $"{n + 1},{lines + n},{codes[random.Next(codeCount)]},-1,100.00,{time}"));
                continue;
            }

            if (roll < 0.032)
            {
                writer.WriteLine(string.Create(inv, $"{n + 1},,{codes[random.Next(codeCount)]},1,not-a-price,{time}"));
                continue;
            }

            var found = Array.BinarySearch(weights, random.NextDouble() * weights[^1]);
            var code = found < 0 ? ~found : found;
            var q = random.NextDouble() switch
            {
                < 0.85 => 1m,
                < 0.97 => random.Next(2, 6),
                < 0.99 => random.Next(10, 50),
                _ => random.Next(1, 40) * 0.25m,
            };
            // Some prices are settled far more often than others (the large hospitals').
            var price = roll < 0.0325 ? 0m : prices[code][(int)(prices[code].Length * Math.Pow(random.NextDouble(), 2))];
            recent[random.Next(recent.Length)] = (n + 1, code, q, price);
            writer.WriteLine(string.Create(inv, $"{n + 1},,{codes[code]}{(n % 2 == 0 ? "064100000001" : string.Empty)},{q},{price},{time}"));
        }
    }

    private static void ToParquet(string csv, string parquet)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "COPY (SELECT * FROM read_csv($csv, header = true, all_varchar = true)) TO '" + parquet.Replace("'", "''", StringComparison.Ordinal) + "' (FORMAT parquet, COMPRESSION zstd)";
        command.Parameters.Add(new DuckDBParameter("csv", csv));
        command.ExecuteNonQuery();
    }

    /// <summary>Reads the generated CSV into records, as a small program with the in-memory calculator would (lines that do not parse are skipped).</summary>
    private static IEnumerable<SettlementRecord> ReadCsv(string path)
    {
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (CatalogueCode.TryParse(f[2].AsSpan(0, Math.Min(15, f[2].Length)), out var code)
                && decimal.TryParse(f[3], NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity)
                && decimal.TryParse(f[4], NumberStyles.Number, CultureInfo.InvariantCulture, out var price))
            {
                yield return new SettlementRecord(f[0], f[1].Length == 0 ? null : f[1], code, quantity, price, DateOnly.ParseExact(f[5].AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }
    }
}
