namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The AUC of fixed scores and labels under integer row weights (a bootstrap resample: each row counted as many times as
/// it was drawn), in one pass over an order sorted once. It equals <see cref="Evaluation.Metrics.Auc"/> of the rows
/// repeated by their weights to the last bit: ties get the same mid-ranks, NaN scores stay apart, and every sum is of
/// half-integers far below 2^53, so exact in double.
/// </summary>
internal sealed class WeightedAuc
{
    private readonly int[] _order;
    private readonly int[] _groupEnd;
    private readonly float[] _labels;

    public WeightedAuc(float[] scores, float[] labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        _labels = labels;
        _order = new int[scores.Length];
        for (var i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        var sorted = scores.ToArray();
        Array.Sort(sorted, _order);
        // Tie groups as in Metrics.Auc: consecutive equal scores (NaN equals nothing, so each NaN row is its own group).
        _groupEnd = new int[scores.Length];
        var k = 0;
        while (k < sorted.Length)
        {
            var end = k;
            while (end + 1 < sorted.Length && sorted[end + 1] == sorted[k])
            {
                end++;
            }

            _groupEnd[k] = end;
            k = end + 1;
        }
    }

    /// <summary>The AUC with row r counted <paramref name="weight"/>[r] times; NaN when the weighted rows lack a class.</summary>
    public double Of(ReadOnlySpan<int> weight)
    {
        double before = 0;
        double positives = 0;
        double rankSum = 0;
        var k = 0;
        while (k < _order.Length)
        {
            var end = _groupEnd[k];
            double count = 0;
            double positive = 0;
            for (var j = k; j <= end; j++)
            {
                var row = _order[j];
                count += weight[row];
                if (_labels[row] > 0)
                {
                    positive += weight[row];
                }
            }

            // A group of `count` tied copies after `before` others: mid-rank before + (count + 1) / 2 (one-based).
            rankSum += positive * (before + ((count + 1) / 2));
            positives += positive;
            before += count;
            k = end + 1;
        }

        var negatives = before - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }
}
