using System.Globalization;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// After ingest, the run's expected peak memory (events × <see cref="BytesPerEvent"/>) against Recsys:MemoryLimitGb:
/// a warning when it clearly exceeds the limit, so the run's log and notes say early what the watchdog will likely
/// stop later.
/// </summary>
internal static class MemoryPreflight
{
    /// <summary>
    /// Peak working set per event of the full nightly pipeline, measured with the nightly-scale benchmark after issue 17's
    /// changes: 1.43 GB for 0.97M events (about 1,480 bytes) and 2.43 GB for 1.99M (1,220); a pipeline with fewer
    /// stages takes less, so this only warns.
    /// </summary>
    public const long BytesPerEvent = 1_500;

    /// <summary>The expected peak must pass the limit by this factor to warn ("clearly exceeds").</summary>
    public const double Margin = 1.25;

    /// <summary>The warning line, or null when there are no events yet, no limit, or the estimate fits.</summary>
    public static string? Warning(StageContext context, long? limitBytes)
    {
        if (limitBytes is not { } limit || context.Data.Events is not { } events)
        {
            return null;
        }

        var expected = events.Count * BytesPerEvent;
        return expected > limit * Margin
            ? string.Create(CultureInfo.InvariantCulture,
                $"memory pre-flight: {events.Count:N0} events x ~{BytesPerEvent:N0} bytes/event = ~{expected / GiB:0.0} GB expected peak, over Recsys:MemoryLimitGb {limit / GiB:0.0} GB: the run will likely stop when it passes the limit; raise the limit, shard the heavy stages or run fewer events")
            : null;
    }

    private const double GiB = 1024.0 * 1024 * 1024;
}
