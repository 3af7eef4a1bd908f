namespace RecsysBatch.Pipelines.Evaluation;

/// <summary>
/// The evaluation metrics every stage reports, in one place: binary-relevance NDCG@k and Recall@k of a ranked list,
/// ROC AUC and log loss of scores against 0/1 labels. Stages differ only in the inputs they pass (and the log-loss clip).
/// </summary>
internal static class Metrics
{
    /// <summary>Log-loss clip of float probabilities (the rank stage's scorers): [1e-7, 1 − 1e-7].</summary>
    public const double FloatClip = 1e-7;

    /// <summary>Log-loss clip of double probabilities (the influence stage's nuisance models): [1e-12, 1 − 1e-12].</summary>
    public const double DoubleClip = 1e-12;

    /// <summary>DCG discount of the 0-based <paramref name="place"/>: 1 / log2(place + 2).</summary>
    public static double Discount(int place) => 1 / Math.Log2(place + 2);

    /// <summary>DCG of min(k, <paramref name="relevant"/>) hits at the top: the denominator of NDCG@k.</summary>
    public static double IdealDcg(int k, int relevant)
    {
        var ideal = 0.0;
        for (var place = 0; place < Math.Min(k, relevant); place++)
        {
            ideal += Discount(place);
        }

        return ideal;
    }

    /// <summary>NDCG@k of <paramref name="ranked"/> (best first) against <paramref name="relevant"/>; 0 without relevant ones.</summary>
    public static double NdcgAt(IReadOnlyList<int> ranked, IReadOnlyCollection<int> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        if (relevant.Count == 0)
        {
            return 0;
        }

        var dcg = 0.0;
        for (var place = 0; place < Math.Min(k, ranked.Count); place++)
        {
            if (relevant.Contains(ranked[place]))
            {
                dcg += Discount(place);
            }
        }

        return dcg / IdealDcg(k, relevant.Count);
    }

    /// <summary>Recall@k: share of <paramref name="relevant"/> in the top k of <paramref name="ranked"/>; 0 without relevant ones.</summary>
    public static double RecallAt(IReadOnlyList<int> ranked, IReadOnlyCollection<int> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        if (relevant.Count == 0)
        {
            return 0;
        }

        var hits = 0;
        for (var place = 0; place < Math.Min(k, ranked.Count); place++)
        {
            hits += relevant.Contains(ranked[place]) ? 1 : 0;
        }

        return hits / (double)relevant.Count;
    }

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

    /// <summary>Mean binary cross-entropy of float probabilities against labels &gt; 0, clipped to [clip, 1 − clip]; NaN without rows.</summary>
    public static double LogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, double clip)
    {
        double sum = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            sum -= LogLikelihood(labels[i] > 0, probabilities[i], clip);
        }

        return probabilities.Length == 0 ? double.NaN : sum / probabilities.Length;
    }

    /// <summary>Mean binary cross-entropy of paired labels and probabilities, clipped to [clip, 1 − clip]; NaN without rows.</summary>
    public static double LogLoss(IEnumerable<bool> labels, IEnumerable<double> probabilities, double clip)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        double sum = 0;
        var n = 0;
        foreach (var (label, p) in labels.Zip(probabilities))
        {
            sum -= LogLikelihood(label, p, clip);
            n++;
        }

        return n == 0 ? double.NaN : sum / n;
    }

    private static double LogLikelihood(bool positive, double p, double clip)
    {
        var clipped = Math.Clamp(p, clip, 1 - clip);
        return positive ? Math.Log(clipped) : Math.Log(1 - clipped);
    }
}
