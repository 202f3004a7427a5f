using BenchmarkDotNet.Running;

namespace Consumables.Rules.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/Consumables.Rules.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Entry point; arguments go to BenchmarkDotNet's switcher (<c>--filter</c>, <c>--job Dry</c>, …).</summary>
    /// <param name="args">Command-line arguments.</param>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
