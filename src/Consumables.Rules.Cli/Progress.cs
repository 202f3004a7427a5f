using Spectre.Console;

namespace Consumables.Rules.Cli;

/// <summary>A line counter on standard error for long inputs, shown only when standard error is a terminal.</summary>
internal sealed class Progress : IDisposable
{
    private const int Every = 50_000;
    private readonly IAnsiConsole? _console;

    private Progress(IAnsiConsole? console) => _console = console;

    internal static Progress Start(CliConsole console, string input) =>
        new(console.ErrorIsTerminal ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) }) : null);

    internal void Tick(int lines)
    {
        if (_console is not null && lines % Every == 0)
        {
            _console.Markup($"\r[grey]{lines:N0} lines priced…[/]");
        }
    }

    public void Dispose() => _console?.Markup("\r");
}
