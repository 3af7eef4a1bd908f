namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// The per-key sums every event touches, kept together (24 bytes) so an event costs one cache miss for them
/// instead of one per array: with a million users in random order those misses are the pass's main cost.
/// </summary>
internal struct ActivitySpan
{
    public long FirstMs;

    public long LastMs;

    public int Events;

    /// <summary>Bit d set when there was an event on the d-th UTC day before the cutoff (d = 0..29); users only.</summary>
    public int DayBits;

    public static ActivitySpan[] CreateArray(int keys)
    {
        var spans = new ActivitySpan[keys];
        spans.AsSpan().Fill(new ActivitySpan { FirstMs = long.MaxValue, LastMs = long.MinValue });
        return spans;
    }

    public void Add(long timestampMs)
    {
        Events++;
        FirstMs = Math.Min(FirstMs, timestampMs);
        LastMs = Math.Max(LastMs, timestampMs);
    }
}
