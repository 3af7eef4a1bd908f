using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// Per user, the day boundary of the long-term window where the category mix of the views changed most: the split
/// [T - L, T - d) | [T - d, T) with the largest multinomial log-likelihood gain over one mix for the whole window.
/// The views after the split estimate the interest after a move; the gain says how sure the move is.
/// </summary>
internal static class ViewChangePoint
{
    /// <summary>Views each side of a split needs, so one stray view cannot make a "move".</summary>
    public const int MinSide = 3;

    /// <summary>Fills the post-split views of the user's entries and returns (gain, days before T) of the best split.</summary>
    public static (double Gain, int Days) Fit(UserEventIndex index, InterestWindows windows, Dictionary<int, int> slot, int firstEntry, int entries, int user, List<double> postViews, List<double> views)
    {
        var days = windows.LongTermDays;
        var counts = new double[entries * days];
        var total = 0.0;
        for (var e = index.UserStart[user]; e < index.UserStart[user + 1]; e++)
        {
            var ts = index.TimestampMs[e];
            if (!index.IsView[e] || ts < windows.LongStartMs || ts >= windows.AnchorMs)
            {
                continue;
            }

            var d = (int)Math.Min(days - 1, (windows.AnchorMs - ts) / Timestamps.MillisPerDay);
            counts[((slot[index.Category[e]] - firstEntry) * days) + d]++;
            total++;
        }

        var whole = -XLogX(total);
        for (var j = 0; j < entries; j++)
        {
            whole += XLogX(views[firstEntry + j]);
        }

        var after = new double[entries];
        var bestGain = 0.0;
        var bestDays = days;
        var afterTotal = 0.0;
        for (var d = 1; d < days; d++)
        {
            for (var j = 0; j < entries; j++)
            {
                after[j] += counts[(j * days) + d - 1];
                afterTotal += counts[(j * days) + d - 1];
            }

            var beforeTotal = total - afterTotal;
            if (afterTotal < MinSide || beforeTotal < MinSide)
            {
                continue;
            }

            var split = -XLogX(afterTotal) - XLogX(beforeTotal);
            for (var j = 0; j < entries; j++)
            {
                split += XLogX(after[j]) + XLogX(views[firstEntry + j] - after[j]);
            }

            var gain = split - whole;
            if (gain > bestGain)
            {
                bestGain = gain;
                bestDays = d;
            }
        }

        for (var j = 0; j < entries; j++)
        {
            var post = 0.0;
            for (var d = 0; d < bestDays; d++)
            {
                post += counts[(j * days) + d];
            }

            postViews[firstEntry + j] = post;
        }

        return (bestGain, bestDays);
    }

    private static double XLogX(double x) => x > 0 ? x * Math.Log(x) : 0;
}
