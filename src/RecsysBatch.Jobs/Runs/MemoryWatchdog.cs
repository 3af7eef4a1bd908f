using RecsysBatch.Core;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// Samples the process's working set while one stage runs (Recsys:MemoryLimitGb): the first sample over the limit
/// trips it, which cancels <see cref="Token"/> and makes <see cref="ThrowIfExceeded"/> (called by the stage's
/// progress reports and when it returns) fail the run with <see cref="Line"/>, before the system's OOM killer would.
/// </summary>
internal sealed class MemoryWatchdog : IDisposable
{
    /// <summary>Often enough to see a stage climb a gigabyte, rare enough to cost nothing (one /proc read).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly string _stage;
    private readonly long _limit;
    private readonly Func<long> _sample;
    private readonly CancellationTokenSource _trip = new();
    private readonly Timer _timer;
    private string? _failure;

    public MemoryWatchdog(string stage, long limitBytes, Func<long> sample, TimeSpan interval)
    {
        _stage = stage;
        _limit = limitBytes;
        _sample = sample;
        _timer = new Timer(_ => Check(), null, TimeSpan.Zero, interval);
    }

    /// <summary>Cancelled when the limit is passed (a stage that watches its token stops at once).</summary>
    public CancellationToken Token => _trip.Token;

    /// <summary>The failure line once the limit was passed, else null.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>The failure as the one line a run reports: stage, RSS, limit and what to do.</summary>
    public static string Line(string stage, long rssBytes, long limitBytes) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"Stage {stage} passed the memory limit: working set {Gb(rssBytes):0.00} GB > Recsys:MemoryLimitGb {Gb(limitBytes):0.00} GB; the run stopped and published nothing. Raise Recsys:MemoryLimitGb (RECSYS__MEMORYLIMITGB) on a machine with more memory, split the stage into shards (\"shards\" in the pipeline file), or use a PostgreSQL warehouse (keeps DuckDB's memory out of the run's process).");

    /// <summary>Throws the failure (a <see cref="RecsysException"/>) once the limit was passed.</summary>
    public void ThrowIfExceeded()
    {
        if (Failure is { } failure)
        {
            throw new RecsysException(failure);
        }
    }

    /// <summary>Takes one sample now (the timer calls it; a stage's end calls it once more).</summary>
    public void Check()
    {
        if (Failure is not null)
        {
            return;
        }

        var rss = _sample();
        if (rss > _limit && Interlocked.CompareExchange(ref _failure, Line(_stage, rss, _limit), null) is null)
        {
            _trip.Cancel();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _trip.Dispose();
    }

    private static double Gb(long bytes) => bytes / (1024.0 * 1024 * 1024);
}
