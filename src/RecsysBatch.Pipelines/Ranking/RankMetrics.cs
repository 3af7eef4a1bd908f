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

        var groups = Enumerable.Range(0, labels.Length).GroupBy(r => clusters[r]).Select(g => g.ToArray()).ToArray();
        var random = new Random(seed);
        var differences = new List<double>(resamples);
        var rows = new List<int>();
        for (var k = 0; k < resamples; k++)
        {
            rows.Clear();
            for (var g = 0; g < groups.Length; g++)
            {
                rows.AddRange(groups[random.Next(groups.Length)]);
            }

            var y = rows.Select(r => labels[r]).ToArray();
            var d = Metrics.Auc([.. rows.Select(r => a[r])], y) - Metrics.Auc([.. rows.Select(r => b[r])], y);
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
