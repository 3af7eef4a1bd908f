using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Features;

namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// Features of the learned model for the customers of one anchor, from events before the anchor only:
/// the RFM summary, the probabilistic model's outputs fitted as of the anchor, the value of the last horizon,
/// and the behaviour counts of the featurize stage (<see cref="UserAggregates"/>, recomputed as of the anchor).
/// </summary>
internal static class ValueFeatures
{
    public const int Count = 14 + FeatureWindows.CountColumns;

    public static float[][] Build(EventTable events, PurchaseLog log, ProbabilisticScores scores, int anchorDay, ValueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(settings);
        var anchorMs = anchorDay * Timestamps.MillisPerDay;
        var aggregates = UserAggregates.Compute(events, anchorMs);
        var rfm = scores.Rfm;
        var past = log.WindowValue(rfm.UserKeys, anchorDay - settings.HorizonDays, anchorDay, settings.Revenue);
        var month = log.WindowValue(rfm.UserKeys, anchorDay - 30, anchorDay, settings.Revenue);
        var rows = new float[rfm.Count][];
        for (var i = 0; i < rfm.Count; i++)
        {
            var u = rfm.UserKeys[i];
            var activity = aggregates.Activity[u];
            var row = new float[Count];
            var f = 0;
            row[f++] = (float)rfm.Frequency[i];
            row[f++] = (float)rfm.Recency[i];
            row[f++] = (float)rfm.Age[i];
            row[f++] = (float)(rfm.Age[i] - rfm.Recency[i]);
            row[f++] = rfm.SpendDays[i];
            row[f++] = Finite(rfm.MeanSpend[i]);
            row[f++] = (float)rfm.TotalSpend[i];
            row[f++] = (float)scores.PAlive[i];
            row[f++] = (float)scores.ExpectedPurchases[i];
            row[f++] = Finite(scores.ExpectedSpend[i]);
            row[f++] = (float)scores.PredictedValue[i];
            row[f++] = (float)past[i];
            row[f++] = (float)month[i];
            row[f++] = activity.Events == 0 ? 0 : (float)((anchorMs - activity.LastMs) / (double)Timestamps.MillisPerDay);
            for (var c = 0; c < FeatureWindows.CountColumns; c++)
            {
                row[f++] = aggregates.Counts[c][u];
            }

            rows[i] = row;
        }

        return rows;
    }

    private static float Finite(double value) => double.IsFinite(value) ? (float)value : 0f;
}
