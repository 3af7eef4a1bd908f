using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>The event_counts rows of an event table: one per (UTC day, event type) with events, by day then type.</summary>
internal static class EventCounts
{
    private const long MsPerDay = 86_400_000;

    public static OutputTable From(EventTable events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var counts = new Dictionary<(long Day, EventType Type), long>();
        var timestamps = events.TimestampMs;
        var types = events.Type;
        for (var i = 0; i < events.Count; i++)
        {
            var key = (Math.DivRem(timestamps[i] - (timestamps[i] < 0 ? MsPerDay - 1 : 0), MsPerDay).Quotient, types[i]);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var rows = counts.OrderBy(c => c.Key.Day).ThenBy(c => c.Key.Type).ToList();
        return new OutputTable(IngestTables.EventCounts,
        [
            new OutputColumn<DateOnly>([.. rows.Select(r => Timestamps.DayOf(r.Key.Day * MsPerDay))]),
            new OutputColumn<string>([.. rows.Select(r => r.Key.Type.ToName())]),
            new OutputColumn<long>([.. rows.Select(r => r.Value)]),
        ]);
    }
}
