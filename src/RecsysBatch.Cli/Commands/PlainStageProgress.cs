using System.Globalization;
using RecsysBatch.Core;
using RecsysBatch.Core.Stages;
using RecsysBatch.Jobs;

namespace RecsysBatch.Cli.Commands;

/// <summary>
/// Progress when output is not a terminal (cron, CI, a log file): a line when a stage starts and when it ends and,
/// while it runs, one line every <see cref="IntervalVariable"/> seconds with its percent and latest detail, so a
/// long stage in a nightly log shows that it is alive and how far it got. Each line starts with the ISO UTC
/// timestamp the log lines use.
/// </summary>
internal sealed class PlainStageProgress : IProgress<StageProgress>, IDisposable
{
    /// <summary>Seconds between progress lines of a running stage (default 10; 0: only started/done lines).</summary>
    public const string IntervalVariable = "RECSYS_PROGRESS_SECONDS";

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly ITimer? _timer;
    private readonly Func<long>? _peakMemory;

    /// <param name="peakMemory">The process's peak resident memory so far in bytes; when given, each "done" line ends with it,
    /// so a nightly log shows which stage raised the peak (<see cref="ProcessPeakMemory"/>).</param>
    public PlainStageProgress(TextWriter output, TimeProvider time, TimeSpan interval, Func<long>? peakMemory = null)
    {
        _output = output;
        _time = time;
        _peakMemory = peakMemory;
        _timer = interval > TimeSpan.Zero ? time.CreateTimer(_ => Tick(), null, interval, interval) : null;
    }

    /// <summary>The interval of <see cref="IntervalVariable"/>; a value that is not a number of seconds ≥ 0 is a bad setting (exit 2).</summary>
    public static TimeSpan IntervalFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(IntervalVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultInterval;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and <= 86_400
            ? TimeSpan.FromSeconds(seconds)
            : throw new RecsysException($"{IntervalVariable} '{text}' is not a number of seconds from 0 to 86400.");
    }

    public void Report(StageProgress value)
    {
        lock (_gate)
        {
            if (_done.Contains(value.Stage))
            {
                return;
            }

            if (!_running.TryGetValue(value.Stage, out var stage))
            {
                stage = new Running(_time.GetTimestamp());
                _running.Add(value.Stage, stage);
                Write($"[{value.Stage}] started");
            }

            stage.Fraction = value.Fraction;
            stage.Detail = value.Detail ?? stage.Detail;
            if (value.Fraction >= 1)
            {
                _running.Remove(value.Stage);
                _done.Add(value.Stage);
                var peak = _peakMemory is null ? "" : string.Create(CultureInfo.InvariantCulture, $", peak RSS {_peakMemory() / 1e9:F2} GB");
                Write(string.Create(CultureInfo.InvariantCulture, $"[{value.Stage}] done in {_time.GetElapsedTime(stage.Started).TotalSeconds:F1} s{peak}"));
            }
        }
    }

    /// <summary>One line per running stage: percent, latest detail, seconds since it started (the timer calls it).</summary>
    internal void Tick()
    {
        lock (_gate)
        {
            foreach (var (name, stage) in _running)
            {
                var detail = stage.Detail is null ? "" : " " + stage.Detail;
                Write(string.Create(CultureInfo.InvariantCulture, $"[{name}] {stage.Fraction * 100:F0}%{detail} ({_time.GetElapsedTime(stage.Started).TotalSeconds:F0} s)"));
            }
        }
    }

    /// <summary>This process's peak resident set so far (VmHWM on Linux).</summary>
    public static long ProcessPeakMemory()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    public void Dispose() => _timer?.Dispose();

    private void Write(string line)
    {
        _output.WriteLine(_time.GetUtcNow().UtcDateTime.ToString(ConsoleLogging.TimestampFormat, CultureInfo.InvariantCulture) + line);
        _output.Flush();
    }

    private sealed class Running(long started)
    {
        public long Started { get; } = started;

        public double Fraction { get; set; }

        public string? Detail { get; set; }
    }
}
