using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Features;

/// <summary>Small conversions shared by the user and item tables.</summary>
internal static class FeatureMath
{
    public static double DaysBetween(long fromMs, long toMs) => (toMs - fromMs) / (double)Timestamps.MillisPerDay;

    public static DateTime ToUtc(long unixMs) => DateTime.UnixEpoch.AddTicks(unixMs * TimeSpan.TicksPerMillisecond);

    /// <summary>numerator / denominator, NaN (null) when the denominator is 0; deliberately not clamped to 1.</summary>
    public static double[] Rates(int[] numerator, int[] denominator)
    {
        var result = new double[numerator.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = denominator[i] == 0 ? double.NaN : numerator[i] / (double)denominator[i];
        }

        return result;
    }

    /// <summary>sum / count in place; NaN (null) where count is 0.</summary>
    public static double[] MeanInPlace(double[] sum, int[] count)
    {
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = count[i] == 0 ? double.NaN : sum[i] / count[i];
        }

        return sum;
    }

    public static int[] CountColumn(int[][] counts, EventType type, int window) => counts[FeatureWindows.CountIndex(type, window)];
}
