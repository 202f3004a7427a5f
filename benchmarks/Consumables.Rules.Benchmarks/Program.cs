using System.Runtime.CompilerServices;
using BenchmarkDotNet.Running;

namespace Consumables.Rules.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/Consumables.Rules.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>
    /// Entry point; arguments go to BenchmarkDotNet's switcher (<c>--filter</c>, <c>--job Dry</c>, …), except
    /// <c>generate</c>, which rewrites the generated code of the engine benchmarks' rule set (add
    /// <c>-p:WithoutGeneratedRules=true</c> to <c>dotnet run</c> when the old file no longer compiles), and
    /// <c>medians [LINES…]</c>, which times settlement medians at scale (<see cref="MedianScale"/>),
    /// <c>medians-generate FILE LINES</c>, which writes the seeded records it times (to profile a query by hand),
    /// <c>verify</c>, which checks that the hand-written baseline computes what the facade computes (exit code 1 when not),
    /// <c>ratios [comparison…]</c>, which times comparisons in alternating rounds on a busy host (<see cref="RatioProbe"/>),
    /// and <c>floor csv|json INPUT OUTPUT</c>, the command line's I/O floor as a process of its own.
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>The exit code: 0, or 1 when <c>verify</c> found a difference.</returns>
    public static int Main(string[] args)
    {
        if (args is ["medians", .. var sizes])
        {
            return MedianScale.Run(sizes);
        }

        if (args is ["medians-one", var what, var file])
        {
            return MedianScale.RunOne(what, file);
        }

        if (args is ["medians-generate", var records, var lines])
        {
            MedianScale.Generate(records, long.Parse(lines, System.Globalization.CultureInfo.InvariantCulture), seed: 20250101);
            return 0;
        }

        if (args is ["verify"])
        {
            return BaselineVerification.Run();
        }

        if (args is ["floor", var format, var input, var output])
        {
            // The I/O floor as a process of its own, to time beside the tool's process (docs/benchmarks.md).
            Console.WriteLine(format == "json" ? IoFloor.JsonReadWrite(input, output) : IoFloor.SepReadWrite(input, output));
            return 0;
        }

        if (args is ["ratios", .. var only])
        {
            return RatioProbe.Run(only);
        }

        if (args is ["generate"])
        {
            var path = Path.Combine(ProjectDirectory(), "Generated", "OrderRules.g.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, EngineScalingBenchmarks.Build(10).Compile().ToCSharp("Consumables.Rules.Benchmarks.Generated", "OrderRules"));
            Console.WriteLine($"Wrote {path}");
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static string ProjectDirectory([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}
