using System.Globalization;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// After ingest, the run's expected peak memory (<see cref="BaseBytes"/> + events × <see cref="BytesPerEvent"/>) against Recsys:MemoryLimitGb:
/// a warning when it clearly exceeds the limit, so the run's log and notes say early what the watchdog will likely
/// stop later.
/// </summary>
internal static class MemoryPreflight
{
    /// <summary>
    /// Peak working set of the full nightly pipeline, measured with the nightly-scale benchmark at the third stop of
    /// issue 17: 1.42 GB for 1.99M events and 3.74 GB for 10.03M, i.e. about 0.85 GB plus 290 bytes an event (the
    /// runtime, models and fixed buffers, then the events and the per-user tables); a pipeline with fewer stages takes
    /// less, so this only warns.
    /// </summary>
    public const long BaseBytes = 850L << 20;

    /// <summary>The peak's growth per event (see <see cref="BaseBytes"/>), rounded up.</summary>
    public const long BytesPerEvent = 300;

    /// <summary>The expected peak of a run over <paramref name="events"/> events.</summary>
    public static long Expected(long events) => BaseBytes + (events * BytesPerEvent);

    /// <summary>The expected peak must pass the limit by this factor to warn ("clearly exceeds").</summary>
    public const double Margin = 1.25;

    /// <summary>The warning line, or null when there are no events yet, no limit, or the estimate fits.</summary>
    public static string? Warning(StageContext context, long? limitBytes)
    {
        if (limitBytes is not { } limit || context.Data.Events is not { } events)
        {
            return null;
        }

        var expected = Expected(events.Count);
        return expected > limit * Margin
            ? string.Create(CultureInfo.InvariantCulture,
                $"memory pre-flight: ~{BaseBytes / GiB:0.00} GB + {events.Count:N0} events x ~{BytesPerEvent:N0} bytes/event = ~{expected / GiB:0.0} GB expected peak, over Recsys:MemoryLimitGb {limit / GiB:0.0} GB: the run will likely stop when it passes the limit; raise the limit, shard the heavy stages or run fewer events")
            : null;
    }

    private const double GiB = 1024.0 * 1024 * 1024;
}
