using System.Diagnostics;
using System.Globalization;
using Consumables.Rules.NRules;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Benchmarks;

/// <summary>
/// Ratios on a busy host: <c>-- ratios</c> times each comparison's baseline and candidates in alternation, many short
/// rounds each, and reports per operation the fastest round and the median round of each, and the ratios of both.
/// The fastest round is the one least disturbed by other processes; alternating keeps both sides in the same
/// conditions. A check beside BenchmarkDotNet, not instead of it: it has no warm-up statistics, no outlier analysis.
/// </summary>
internal static class RatioProbe
{
    private const int Rounds = 201;

    internal static int Run(string[] only)
    {
        if (only is ["io", .. var rest])
        {
            Io(rest is [var count, ..] ? int.Parse(count, CultureInfo.InvariantCulture) : 1_000_000, rest is [_, var keep] ? keep : null);
            return 0;
        }

        var lines = SampleLines.Mixed(64);
        var timeline = PolicyTimeline.Create([PolicyVersion.Default]);
        var plain = ConsumablePricer.Create(timeline);
        ConsumablePricer WithRules(Type[] types) =>
            ConsumablePricer.Create(timeline, new ConsumablesRulesOptions { VisitRules = NRulesVisitRules.Load(spec => spec.From(types)) });
        var ward = WithRules(WardRules.Types);
        var lineRules = WithRules(LineRules.Types);
        var oneLineRule = WithRules(LineRules.Types[..1]);
        var next = 0;
        decimal Price(ConsumablePricer p) => p.Price(lines[next++ & 63]).InPolicyScope;
        decimal Visit(ConsumablePricer p, int size, object[]? facts = null)
        {
            var start = next++ & 31;
            var results = p.PriceVisit(lines.AsSpan(start, size).ToArray(), facts);
            return results[0].InPolicyScope;
        }

        var twenty = lines[..20];
        object[] wardFacts = [new BenchWard("W0"), new BenchDoctor("D1")];
        object[] otherWard = [new BenchWard("none"), new BenchDoctor("D1")];
        var comparisons = new List<(string Name, int PerOp, (string Name, Func<decimal> Run)[] Methods)>
        {
            ("single-line", 1,
            [
                ("Price, no rules", () => Price(plain)),
                ("Price, 10 rules needing a ward", () => Price(ward)),
                ("Price, 10 rules over lines alone", () => Price(lineRules)),
                ("Price, 1 rule over lines alone", () => Price(oneLineRule)),
                ("PriceVisit 1 line, 10 rules needing a ward", () => Visit(ward, 1)),
                ("PriceVisit 1 line, 10 rules over lines alone", () => Visit(lineRules, 1)),
                ("PriceVisit 1 line + ward, 10 ward rules", () => Visit(ward, 1, wardFacts)),
                ("PriceVisit 1 line + other ward, 10 ward rules (none fires)", () => Visit(ward, 1, otherWard)),
            ]),
            ("visit-of-20", 20,
            [
                ("20 lines one by one, no rules", () => { var s = 0m; foreach (var l in twenty) { s += plain.Price(l).InPolicyScope; } return s; }),
                ("PriceVisit 20 + ward, 10 ward rules", () => ward.PriceVisit(twenty, wardFacts)[0].InPolicyScope),
                ("PriceVisit 20, 10 rules over lines alone", () => lineRules.PriceVisit(twenty)[0].InPolicyScope),
            ]),
        };

        var nrulesLines = SampleLines.WithErrors(64);
        var nrules = ConsumablePricer.Create(timeline, new ConsumablesRulesOptions { Engine = PricingEngine.NRules }.UseNRules());
        comparisons.Add(("nrules-engine", 1,
        [
            ("compiled", () => plain.Price(nrulesLines[next++ & 63]).InPolicyScope),
            ("nrules", () => nrules.Price(nrulesLines[next++ & 63]).InPolicyScope),
        ]));

        foreach (var (name, perOp, methods) in comparisons.Where(c => only.Length == 0 || only.Contains(c.Name)))
        {
            Report(name, perOp, methods);
        }

        return 0;
    }

    /// <summary>Times the methods in alternation and prints ns per line (fastest round, median round) and ratios to the first.</summary>
    internal static void Report(string name, int perOp, (string Name, Func<decimal> Run)[] methods)
    {
        var samples = methods.Select(static _ => new List<double>()).ToArray();
        var allocated = new long[methods.Length];
        var ops = new int[methods.Length];
        for (var m = 0; m < methods.Length; m++)
        {
            // Warm-up and a count of operations that takes about 2 ms: short rounds are the likelier to run undisturbed.
            var watch = Stopwatch.StartNew();
            var n = 0;
            while (watch.ElapsedMilliseconds < 200)
            {
                methods[m].Run();
                n++;
            }

            ops[m] = Math.Max(1, n / 100);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < ops[m]; i++)
            {
                methods[m].Run();
            }

            allocated[m] = (GC.GetAllocatedBytesForCurrentThread() - before) / ops[m];
        }

        for (var round = 0; round < Rounds; round++)
        {
            for (var m = 0; m < methods.Length; m++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < ops[m]; i++)
                {
                    methods[m].Run();
                }

                samples[m].Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / ops[m] / perOp);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## {name} ({Rounds} alternating rounds; ns a line: fastest round / median round; ratio to the first row)"));
        Console.WriteLine("| method | fastest | median | ratio (fastest) | ratio (median) | allocated a call |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var baseMin = samples[0].Min();
        var baseMedian = Median(samples[0]);
        for (var m = 0; m < methods.Length; m++)
        {
            var min = samples[m].Min();
            var median = Median(samples[m]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {methods[m].Name} | {min:N0} | {median:N0} | {min / baseMin:N2} | {median / baseMedian:N2} | {allocated[m]:N0} B |"));
        }

        Console.WriteLine();
    }

    /// <summary>
    /// The command line against its I/O floor on files of <paramref name="lines"/> lines: each run three times in
    /// alternation, reporting the fastest wall time and the processor time of that run (pin the process to one CPU with
    /// <c>taskset</c> for one core). With a directory after the count, only writes the inputs there.
    /// </summary>
    private static void Io(int lines, string? keep)
    {
        using var files = IoFiles.Create(lines);
        if (keep is not null)
        {
            // Keep copies of the inputs for timing the tool and the floor as processes of their own.
            File.Copy(files.Csv, Path.Combine(keep, "charges.csv"), overwrite: true);
            File.Copy(files.Json, Path.Combine(keep, "charges.json"), overwrite: true);
            return;
        }

        (string Name, Func<long> Run)[] runs =
        [
            ("Sep read-and-write (CSV floor)", () => IoFloor.SepReadWrite(files.Csv, files.Output)),
            ("price --format csv", () => IoFloor.Price(files.Csv, files.Output, "csv")),
            ("Utf8JsonReader/Writer copy (JSON floor)", () => IoFloor.JsonReadWrite(files.Json, files.Output)),
            ("price --format json (JSON input)", () => IoFloor.Price(files.Json, files.Output, "json")),
        ];
        var best = runs.Select(static _ => (Wall: double.MaxValue, Cpu: double.MaxValue)).ToArray();
        var process = Process.GetCurrentProcess();
        for (var round = 0; round < 3; round++)
        {
            for (var r = 0; r < runs.Length; r++)
            {
                GC.Collect();
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var start = Stopwatch.GetTimestamp();
                runs[r].Run();
                var wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                process.Refresh();
                var used = (process.TotalProcessorTime - cpu).TotalMilliseconds;
                best[r] = (Math.Min(best[r].Wall, wall), Math.Min(best[r].Cpu, used));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## io ({lines:N0} lines; fastest of 3 alternating runs; processor time includes the GC's threads)"));
        Console.WriteLine("| run | wall ms | processor ms | ratio to its floor (wall) | ratio (processor) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var r = 0; r < runs.Length; r++)
        {
            var floor = best[r - r % 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {runs[r].Name} | {best[r].Wall:N0} | {best[r].Cpu:N0} | {best[r].Wall / floor.Wall:N2} | {best[r].Cpu / floor.Cpu:N2} |"));
        }

        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set of the process: {process.PeakWorkingSet64 / (1024 * 1024):N0} MB"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
