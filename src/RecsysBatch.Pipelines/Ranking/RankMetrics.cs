namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Binary-label metrics of the rank stage's evaluation.</summary>
internal static class RankMetrics
{
    /// <summary>ROC AUC (Mann-Whitney, ties count half); NaN without both classes.</summary>
    public static double Auc(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var s = scores.ToArray();
        Array.Sort(s.ToArray(), order);
        double positives = 0;
        double rankSum = 0;
        var k = 0;
        while (k < order.Length)
        {
            var end = k;
            while (end + 1 < order.Length && s[order[end + 1]] == s[order[k]])
            {
                end++;
            }

            var midRank = ((k + end) / 2.0) + 1;
            for (var j = k; j <= end; j++)
            {
                if (labels[order[j]] > 0)
                {
                    positives++;
                    rankSum += midRank;
                }
            }

            k = end + 1;
        }

        var negatives = order.Length - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    /// <summary>Mean binary cross-entropy of probabilities (clipped to [1e-7, 1 − 1e-7]).</summary>
    public static double LogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels)
    {
        double sum = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-7, 1 - 1e-7);
            sum -= labels[i] > 0 ? Math.Log(p) : Math.Log(1 - p);
        }

        return probabilities.Length == 0 ? double.NaN : sum / probabilities.Length;
    }

    /// <summary>Scores the first Count rows of <paramref name="rows"/> with the session, batch by batch.</summary>
    public static float[] Score(OnnxRankerSession session, RankerBatch rows)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(rows);
        var result = new float[rows.Count];
        for (var first = 0; first < rows.Count; first += session.BatchSize)
        {
            var n = Math.Min(session.BatchSize, rows.Count - first);
            for (var r = 0; r < n; r++)
            {
                session.Buffer.CopyRow(rows, first + r, r);
            }

            session.Buffer.Count = n;
            session.Run().CopyTo(result.AsSpan(first, n));
        }

        return result;
    }
}
