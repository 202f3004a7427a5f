using System.Diagnostics;
using System.Globalization;

namespace Consumables.Rules.Cli.Medians;

/// <summary>
/// Shows on standard error which stage a long medians run is in and for how long (<c>medians: reading records… 0:12</c>),
/// redrawn twice a second from a timer, only when standard error is a terminal and the run lasts over half a second; the
/// database reads the files itself, so a stage and its time is what there is to show. Cleared at the end.
/// </summary>
internal sealed class StageProgress : IDisposable
{
    private readonly TextWriter? _error;
    private readonly int _width;
    private readonly Lock _gate = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Timer? _timer;
    private string _stage = "starting";
    private bool _drawn;
    private bool _stopped;

    private StageProgress(TextWriter? error, int width)
    {
        _error = error;
        _width = Math.Max(20, width);
        if (error is not null)
        {
            _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
        }
    }

    internal static StageProgress Start(CliConsole console) => new(console.ErrorIsTerminal ? console.Error : null, console.Width);

    /// <summary>Names the stage now running.</summary>
    internal void Stage(string stage)
    {
        lock (_gate)
        {
            _stage = stage;
        }
    }

    internal static string Render(string stage, TimeSpan elapsed, int width)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"medians: {stage}… {(int)elapsed.TotalMinutes}:{elapsed.Seconds:00}");
        return text.Length < width ? text : text[..(width - 1)];
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_error is null || _stopped)
            {
                return;
            }

            _error.Write("\r" + Render(_stage, Stopwatch.GetElapsedTime(_started), _width).PadRight(_width - 1));
            _error.Flush();
            _drawn = true;
        }
    }

    /// <summary>Stops the timer and clears the line.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            _stopped = true;
            if (_drawn)
            {
                _error!.Write("\r" + new string(' ', _width - 1) + "\r");
                _error.Flush();
            }
        }
    }
}
