using RecsysBatch.Pipelines.Evaluation;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>The rank stage's paired AUC comparison and batch scoring (the metrics themselves are <see cref="Metrics"/>).</summary>
internal static class RankMetrics
{
    /// <summary>
    /// AUC(a) − AUC(b) on the same rows, with a 95 % percentile interval from resampling whole clusters (users) with
    /// replacement (seeded): rows of one user are not independent, so resampling rows would make the interval too narrow.
    /// Resamples without both classes are skipped; NaN when the rows lack a class.
    /// </summary>
    public static (double Difference, double Low, double High) PairedAucDifference(
        float[] a, float[] b, float[] labels, int[] clusters, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(clusters);
        var difference = Metrics.Auc(a, labels) - Metrics.Auc(b, labels);
        if (double.IsNaN(difference))
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        // Group index of each row's cluster, in order of first appearance (the draws pick group indices in this order).
        var groupOf = new int[labels.Length];
        var index = new Dictionary<int, int>();
        for (var r = 0; r < labels.Length; r++)
        {
            if (!index.TryGetValue(clusters[r], out var g))
            {
                index[clusters[r]] = g = index.Count;
            }

            groupOf[r] = g;
        }

        // A resample counts each row as often as its group was drawn: weighted AUCs over orders sorted once, the very
        // values the AUCs of the rows copied out would give (WeightedAuc), without sorting each resample.
        var aucA = new WeightedAuc(a, labels);
        var aucB = new WeightedAuc(b, labels);
        var random = new Random(seed);
        var differences = new List<double>(resamples);
        var drawn = new int[index.Count];
        var weight = new int[labels.Length];
        for (var k = 0; k < resamples; k++)
        {
            Array.Clear(drawn);
            for (var g = 0; g < drawn.Length; g++)
            {
                drawn[random.Next(drawn.Length)]++;
            }

            for (var r = 0; r < weight.Length; r++)
            {
                weight[r] = drawn[groupOf[r]];
            }

            var d = aucA.Of(weight) - aucB.Of(weight);
            if (!double.IsNaN(d))
            {
                differences.Add(d);
            }
        }

        if (differences.Count == 0)
        {
            return (difference, double.NaN, double.NaN);
        }

        differences.Sort();
        return (difference, Percentile(differences, 0.025), Percentile(differences, 0.975));
    }

    private static double Percentile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(sorted.Count - 1, low + 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
