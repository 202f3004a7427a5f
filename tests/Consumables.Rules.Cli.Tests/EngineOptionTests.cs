using System.Text.Json;

namespace Consumables.Rules.Cli.Tests;

/// <summary><c>--engine nrules</c> prices every line as the compiled engine does; a bad value is a usage error.</summary>
public class EngineOptionTests
{
    [Fact]
    public void The_NRules_engine_prices_the_example_to_the_fen_as_the_compiled_one_does()
    {
        var compiled = CliRun.Of("price", CliRun.Example, "--format", "json");
        var nrules = CliRun.Of("price", CliRun.Example, "--format", "json", "--engine", "nrules");

        Assert.Equal(compiled.ExitCode, nrules.ExitCode);
        using var a = JsonDocument.Parse(compiled.Bytes);
        using var b = JsonDocument.Parse(nrules.Bytes);
        Assert.Equal(a.RootElement.GetProperty("lines").GetRawText(), b.RootElement.GetProperty("lines").GetRawText());
        Assert.Equal(a.RootElement.GetProperty("totals").GetRawText(), b.RootElement.GetProperty("totals").GetRawText());
        Assert.Equal(22, b.RootElement.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public void An_unknown_engine_is_a_usage_error()
    {
        var run = CliRun.Of("price", CliRun.Example, "--engine", "drools");
        Assert.Equal(2, run.ExitCode);
    }
}
