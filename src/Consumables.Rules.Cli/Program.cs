namespace Consumables.Rules.Cli;

/// <summary>The <c>consumables</c> tool's entry point.</summary>
public static class Program
{
    /// <summary>Runs the tool on the process's standard streams.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 every line priced; 1 some lines have errors; 2 bad usage or an invalid policy.</returns>
    public static int Main(string[] args)
    {
        var console = new CliConsole(
            Console.OpenStandardInput,
            Console.OpenStandardOutput,
            Console.Out,
            Console.Error,
            OutputIsTerminal: !Console.IsOutputRedirected,
            ErrorIsTerminal: !Console.IsErrorRedirected,
            Width: TerminalWidth());
        return ConsumablesCli.Run(args, console);
    }

    /// <summary>The terminal's width, or 80 when it cannot be read (no terminal, or a terminal that does not say).</summary>
    private static int TerminalWidth()
    {
        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? 80 : Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
