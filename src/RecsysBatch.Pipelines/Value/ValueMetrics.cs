namespace RecsysBatch.Pipelines.Value;

/// <summary>Hold-out metrics of value predictions against the realised target, one customer per entry.</summary>
internal static class ValueMetrics
{
    public const int Deciles = 10;

    public static double Mae(IReadOnlyList<double> predicted, IReadOnlyList<double> actual) =>
        predicted.Select((p, i) => Math.Abs(p - actual[i])).DefaultIfEmpty().Average();

    public static double Rmse(IReadOnlyList<double> predicted, IReadOnlyList<double> actual) =>
        Math.Sqrt(predicted.Select((p, i) => (p - actual[i]) * (p - actual[i])).DefaultIfEmpty().Average());

    /// <summary>Spearman's rank correlation (Pearson on mid-ranks, so ties such as many zeros are handled); NaN when a side is constant.</summary>
    public static double Spearman(IReadOnlyList<double> predicted, IReadOnlyList<double> actual) =>
        Pearson(MidRanks(predicted), MidRanks(actual));

    /// <summary>
    /// Gini of the actual values ordered by prediction, divided by the Gini of the ideal order (1 = perfect ranking,
    /// 0 = random). Ties in the prediction are ordered by worst case (lowest actual first), so a constant prediction scores at most 0.
    /// </summary>
    public static double NormalizedGini(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        var ideal = Gini(actual, actual);
        return ideal > 0 ? Gini(predicted, actual) / ideal : double.NaN;
    }

    /// <summary>Mean actual in the top tenth by prediction over the overall mean actual (ties: worst case).</summary>
    public static double TopDecileLift(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var total = actual.Sum();
        if (actual.Count == 0 || total <= 0)
        {
            return double.NaN;
        }

        var order = Order(predicted, actual);
        var top = Math.Max(1, (int)Math.Ceiling(actual.Count / (double)Deciles));
        var topMean = order.Take(top).Average(i => actual[i]);
        return topMean / (total / actual.Count);
    }

    /// <summary>Sums of predicted and actual per decile of the prediction (decile 1 = highest predictions).</summary>
    public static (double[] Predicted, double[] Actual) DecileSums(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        var order = Order(predicted, actual);
        var p = new double[Deciles];
        var a = new double[Deciles];
        for (var k = 0; k < order.Length; k++)
        {
            var d = (int)((long)k * Deciles / order.Length);
            p[d] += predicted[order[k]];
            a[d] += actual[order[k]];
        }

        return (p, a);
    }

    /// <summary>Indices by descending prediction; ties put the lowest actual first (no credit for lucky ties).</summary>
    private static int[] Order(IReadOnlyList<double> predicted, IReadOnlyList<double> actual) =>
        [.. Enumerable.Range(0, predicted.Count).OrderByDescending(i => predicted[i]).ThenBy(i => actual[i]).ThenBy(i => i)];

    private static double Gini(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        var order = Order(predicted, actual);
        var n = order.Length;
        var total = actual.Sum();
        if (n == 0 || total <= 0)
        {
            return 0;
        }

        // Area between the cumulative share of actual (ordered by prediction) and the diagonal.
        double cumulative = 0, area = 0;
        for (var k = 0; k < n; k++)
        {
            cumulative += actual[order[k]];
            area += (cumulative / total) - ((k + 1.0) / n);
        }

        return area / n;
    }

    private static double[] MidRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end + 1;
        }

        return ranks;
    }

    private static double Pearson(double[] x, double[] y)
    {
        if (x.Length < 2)
        {
            return double.NaN;
        }

        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }
}
