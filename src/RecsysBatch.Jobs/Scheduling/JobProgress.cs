using Hangfire.Server;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// A chain job's progress kept as its Hangfire job parameter <see cref="Parameter"/> (a <see cref="JobProgressState"/>),
/// which the dashboard's job page shows (RecsysBatch.Host's job details renderer): the step's percent and latest
/// detail ("scoring candidates: 120,000 / 410,000 users", "candidates: 2,000,000 / 22,000,000 rows"). Stages report
/// every few percent; the storage is written at most once per <see cref="Interval"/>, and always at a step's start and end.
/// </summary>
public sealed class JobProgress(PerformContext context, TimeProvider time) : IProgress<StageProgress>
{
    /// <summary>The job parameter that holds the latest progress.</summary>
    public const string Parameter = "RecsysProgress";

    /// <summary>The least time between two writes of the parameter.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private long _written = long.MinValue;
    private string? _detail;

    public void Report(StageProgress value)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            _detail = value.Detail ?? _detail;
            var due = value.Fraction <= 0 || value.Fraction >= 1 || _written == long.MinValue || time.GetElapsedTime(_written, now) >= Interval;
            if (!due)
            {
                return;
            }

            _written = now;
            context.SetJobParameter(Parameter, new JobProgressState(value.Stage, value.Fraction, _detail, time.GetUtcNow().UtcDateTime));
        }
    }
}

/// <summary>What <see cref="JobProgress"/> keeps: the step (stage, or "publish"), its fraction done, its latest detail (kept when the end reports none) and when it was written (UTC).</summary>
public sealed record JobProgressState(string Stage, double Fraction, string? Detail, DateTime UpdatedUtc);
