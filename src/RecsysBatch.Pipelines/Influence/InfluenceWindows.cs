namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The windows of the estimand, in UTC unix ms: history before <see cref="ExposureStart"/> (confounders), exposure
/// [S − 2H, S − H) (units and treatments), outcome [S − H, S) (purchases). Nothing at or after S is read.
/// </summary>
internal sealed record InfluenceWindows(long ExposureStart, long ExposureEnd, long OutcomeEnd)
{
    public static InfluenceWindows At(long cutoffMs, int horizonDays) =>
        new(cutoffMs - (2L * horizonDays * Core.Events.Timestamps.MillisPerDay), cutoffMs - (horizonDays * Core.Events.Timestamps.MillisPerDay), cutoffMs);

    public bool InExposure(long ts) => ts >= ExposureStart && ts < ExposureEnd;

    public bool InOutcome(long ts) => ts >= ExposureEnd && ts < OutcomeEnd;
}
