using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Sources read as ingest reads them (same formats, line checks, duplicate removal and rejected-share limit with
/// the ingest defaults), and their rating events as a <see cref="RatingMatrix"/>.
/// </summary>
internal static class RatingSources
{
    public static async Task<EventTable> LoadAsync(IReadOnlyList<SourceSpec> sources, long cutoffMs, CancellationToken cancellationToken)
    {
        if (sources.Count == 0)
        {
            throw new RecsysException("no source: give at least one --source FORMAT:PATH.");
        }

        var resolved = sources.Select(IngestSource.Resolve).ToList();
        var options = new IngestOptions();
        var limits = Limits(cutoffMs);
        var writer = new EventTableWriter();
        var reader = new SourceIngest(writer, limits, Environment.ProcessorCount, new ProgressCounter());
        foreach (var source in resolved)
        {
            var result = await reader.ReadAsync(source, cancellationToken).ConfigureAwait(false);
            SourceReport.ThrowIfUnusable(source, result, options.MaxRejectedShare);
        }

        return writer.Table;
    }

    /// <summary>The bounds ingest applies with its default options, events at or after <paramref name="cutoffMs"/> left out.</summary>
    public static IngestLimits Limits(long cutoffMs)
    {
        var options = new IngestOptions();
        return new IngestLimits(Timestamps.ToUnixMs(options.ValidFrom), Timestamps.ToUnixMs(options.ValidTo), cutoffMs)
        {
            FutureMs = DateTimeOffset.UtcNow.AddHours(options.FutureToleranceHours).ToUnixTimeMilliseconds(),
            MaxIdBytes = options.MaxIdBytes,
        };
    }

    /// <summary>Rating events with a finite value and an item, at times in [fromMs, toMs); none is an error ending in <paramref name="hint"/>.</summary>
    /// <remarks>Two passes (count, then fill arrays of the exact size): no growing lists, no copies of the cells.</remarks>
    public static RatingMatrix Ratings(EventTable events, long fromMs, long toMs, string what, string hint)
    {
        var types = events.Type;
        var values = events.Value;
        var items = events.ItemKey;
        var times = events.TimestampMs;
        var count = 0;
        for (var j = 0; j < types.Length; j++)
        {
            count += IsRating(types[j], values[j], items[j]) && times[j] >= fromMs && times[j] < toMs ? 1 : 0;
        }

        if (count == 0)
        {
            throw new RecsysException($"{what}: there are none; {hint}.");
        }

        var users = events.UserKey;
        var (user, item, label) = (new int[count], new int[count], new float[count]);
        var n = 0;
        for (var j = 0; j < types.Length; j++)
        {
            if (IsRating(types[j], values[j], items[j]) && times[j] >= fromMs && times[j] < toMs)
            {
                (user[n], item[n], label[n]) = (users[j], items[j], (float)values[j]);
                n++;
            }
        }

        return new RatingMatrix(events.Users.Count, Math.Max(1, events.Items.Count), user, item, label, what);
    }

    private static bool IsRating(EventType type, double value, int item) => type == EventType.Rating && double.IsFinite(value) && item != EventTable.NoKey;

    /// <summary>Throws a one-line error when the events hold no usable rating, naming the event types they do hold.</summary>
    public static void RequireRatings(EventTable events, IReadOnlyList<SourceSpec> sources)
    {
        var counts = new long[Enum.GetValues<EventType>().Length];
        var ratings = 0L;
        var types = events.Type;
        var values = events.Value;
        var items = events.ItemKey;
        for (var j = 0; j < types.Length; j++)
        {
            counts[(int)types[j]]++;
            ratings += IsRating(types[j], values[j], items[j]) ? 1 : 0;
        }

        if (ratings > 0)
        {
            return;
        }

        var held = Enum.GetValues<EventType>().Where(t => counts[(int)t] > 0).Select(t => $"{counts[(int)t]:N0} {t.ToName()}").ToList();
        var among = held.Count == 0 ? "no events were read" : $"among {events.Count:N0} events ({string.Join(", ", held)})";
        throw new RecsysException(
            $"{string.Join(", ", sources)}: no rating events with a value and an item {among}; evaluate mf needs explicit ratings (e.g. a movielens source).");
    }
}
