using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>The windows of one anchor time T: long-term [T - L, T) decayed, recent [T - R, T), next [T, T + W).</summary>
internal sealed record InterestWindows(long AnchorMs, int LongTermDays, double HalfLifeDays, int RecentDays, int NextDays)
{
    public long LongStartMs => AnchorMs - (LongTermDays * Timestamps.MillisPerDay);

    public long RecentStartMs => AnchorMs - (RecentDays * Timestamps.MillisPerDay);

    /// <summary>Start of the last next-window-length stretch before T (the category trend of the population).</summary>
    public long LastWindowStartMs => AnchorMs - (NextDays * Timestamps.MillisPerDay);

    /// <summary>Start of the last two next-window-length stretches before T.</summary>
    public long LastTwoWindowsStartMs => AnchorMs - (2 * NextDays * Timestamps.MillisPerDay);

    public long NextEndMs => AnchorMs + (NextDays * Timestamps.MillisPerDay);

    public static InterestWindows For(long anchorMs, InterestOptions options, int nextDays) =>
        new(anchorMs, options.LongTermDays, options.HalfLifeDays, options.RecentDays, nextDays);

    /// <summary>Exponential decay of an event's weight by its age before T (1 at T, 1/2 one half-life earlier).</summary>
    public double Decay(long ts) => Math.Pow(0.5, (AnchorMs - ts) / (HalfLifeDays * Timestamps.MillisPerDay));
}
