using System.Diagnostics;
using System.Globalization;

namespace Consumables.Rules.Cli;

/// <summary>
/// A progress bar on standard error while a file is priced — percentage of the file read, lines so far and time left —
/// shown only when standard error is a terminal and the run lasts longer than half a second, and cleared at the end.
/// The clock is read once every 1,024 lines and the bar redrawn at most ten times a second, so it costs the run nothing.
/// </summary>
internal sealed class Progress : IDisposable
{
    private const int BarCells = 24;
    private readonly TextWriter? _error;
    private readonly Func<long>? _position;
    private readonly long _length;
    private readonly int _width;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _next;
    private bool _drawn;

    private Progress(TextWriter? error, Func<long>? position, long length, int width)
    {
        _error = error;
        _position = position;
        _length = length;
        _width = Math.Max(20, width);
        _next = _started + (Stopwatch.Frequency / 2);
    }

    /// <summary>Starts a progress display for an input whose read position and length are known (a file), or only a line count (standard input).</summary>
    internal static Progress Start(CliConsole console, Func<long>? position, long length) =>
        new(console.ErrorIsTerminal ? console.Error : null, position, length, console.Width);

    internal void Tick(int lines)
    {
        if (_error is null || (lines & 1023) != 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (now < _next)
        {
            return;
        }

        _next = now + (Stopwatch.Frequency / 10);
        _error.Write("\r" + Render(lines, _position?.Invoke() ?? 0, _length, Stopwatch.GetElapsedTime(_started, now), _width));
        _error.Flush();
        _drawn = true;
    }

    /// <summary>Clears the bar, leaving the line as it was.</summary>
    public void Dispose()
    {
        if (_drawn)
        {
            _error!.Write("\r" + new string(' ', _width - 1) + "\r");
            _error.Flush();
        }
    }

    /// <summary>Renders the bar: <c>[██████░░░░…]  42%  120,000 lines  0:12 left</c>, at most <paramref name="width"/> − 1 cells.</summary>
    internal static string Render(int lines, long position, long length, TimeSpan elapsed, int width)
    {
        var inv = CultureInfo.InvariantCulture;
        string text;
        if (length > 0)
        {
            var fraction = Math.Clamp((double)position / length, 0, 1);
            var filled = (int)(fraction * BarCells);
            var left = fraction > 0.001 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - fraction) / fraction) : (TimeSpan?)null;
            text = string.Create(inv, $"[{new string('█', filled)}{new string('░', BarCells - filled)}] {(int)(fraction * 100),3}%  {lines:N0} lines  {(left is { } l ? Clock(l) + " left" : "estimating…")}");
        }
        else
        {
            text = string.Create(inv, $"{lines:N0} lines priced…");
        }

        return text.Length < width ? text : text[..(width - 1)];
    }

    private static string Clock(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
}
