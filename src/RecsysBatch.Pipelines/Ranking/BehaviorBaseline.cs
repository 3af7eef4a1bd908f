namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The recency/frequency baseline of the behaviour classifiers: the empirical rate of the label per (recency bucket,
/// frequency bucket) cell over the training anchors' rows, shrunk toward the overall rate with <see cref="Prior"/>
/// pseudo-rows so that thin cells stay sane. Recency: whole days since the last event (0, 1-2, 3-6, 7-14, 15-30,
/// 31-62, 63+); frequency: events in the 30 days before the cutoff (0-1, 2-3, 4-7, 8-15, 16-31, 32-63, 64+). It is what an
/// RFM table would say, so the trained model has to beat it to be worth its place.
/// </summary>
internal sealed class BehaviorBaseline
{
    public const string Suffix = "_rf_baseline";
    private const int Buckets = 7;
    private const double Prior = 20;

    private readonly double[] _rate;

    private BehaviorBaseline(double[] rate)
    {
        _rate = rate;
    }

    public static BehaviorBaseline Fit(IReadOnlyList<BehaviorFeatures> anchors, Func<BehaviorFeatures, bool[]> label)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        ArgumentNullException.ThrowIfNull(label);
        var positives = new double[Buckets * Buckets];
        var rows = new double[Buckets * Buckets];
        double allPositives = 0, allRows = 0;
        foreach (var anchor in anchors)
        {
            var y = label(anchor);
            for (var r = 0; r < anchor.Rows; r++)
            {
                var cell = Cell(anchor, r);
                rows[cell]++;
                allRows++;
                if (y[r])
                {
                    positives[cell]++;
                    allPositives++;
                }
            }
        }

        var overall = (allPositives + 0.5) / (allRows + 1);
        var rate = new double[Buckets * Buckets];
        for (var c = 0; c < rate.Length; c++)
        {
            rate[c] = (positives[c] + (Prior * overall)) / (rows[c] + Prior);
        }

        return new BehaviorBaseline(rate);
    }

    public float[] Predict(BehaviorFeatures rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new float[rows.Rows];
        for (var r = 0; r < result.Length; r++)
        {
            result[r] = (float)_rate[Cell(rows, r)];
        }

        return result;
    }

    private static int Cell(BehaviorFeatures rows, int r) =>
        (Bucket(rows.RecencyDays[r] + 1) * Buckets) + Bucket(rows.Frequency30[r]);

    // 0-1 → 0, 2-3 → 1, 4-7 → 2, … capped at the last bucket.
    private static int Bucket(int count) => Math.Min(Buckets - 1, count <= 1 ? 0 : 31 - int.LeadingZeroCount(count));
}
