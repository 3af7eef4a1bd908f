using Microsoft.ML;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Rating sources only: SGD with biases fitted on ratings before S−H (λ and learning rate chosen on an inner split of
/// those ratings, <see cref="MfEvaluation.Choose"/>), RMSE and MAE on the ratings of [S−H, S)
/// (unknown users/items get the model's defined fallback), next to the damped global-mean + user/item-bias
/// baseline (Koren 2010: item then user deviations shrunk by 25 and 10 pseudo-ratings) on the same cells.
/// </summary>
internal static class ExplicitEvaluation
{
    private const int MinRatings = 20;

    public static List<ModelMetric> Evaluate(EventTable events, long splitMs, long cutoffMs, int threads, int seed)
    {
        ArgumentNullException.ThrowIfNull(events);
        var train = (User: new List<int>(), Item: new List<int>(), Label: new List<float>());
        var test = (User: new List<int>(), Item: new List<int>(), Label: new List<float>());
        for (var j = 0; j < events.Count; j++)
        {
            if (events.Type[j] != EventType.Rating || !double.IsFinite(events.Value[j]) || events.ItemKey[j] == EventTable.NoKey || events.TimestampMs[j] >= cutoffMs)
            {
                continue;
            }

            var target = events.TimestampMs[j] < splitMs ? train : test;
            target.User.Add(events.UserKey[j]);
            target.Item.Add(events.ItemKey[j]);
            target.Label.Add((float)events.Value[j]);
        }

        if (train.Label.Count < MinRatings || test.Label.Count == 0)
        {
            return [];
        }

        var data = new RatingMatrix(events.Users.Count, events.Items.Count, [.. train.User], [.. train.Item], [.. train.Label], "factorize explicit hold-out ratings");
        // Few distinct users or items (a tiny rating source) cap the grid; a single one cannot be factorized.
        var distinct = Math.Min(train.User.Distinct().Count(), train.Item.Distinct().Count());
        if (distinct < 2)
        {
            return [];
        }

        var blocks = Math.Min(distinct, 4 * threads);
        var options = new MatrixFactorizationOptions { NumberOfThreads = Math.Min(threads, blocks), NumberOfBlocks = blocks, Seed = seed };
        // λ and the learning rate are chosen on the training ratings only (the latest horizon before the split
        // validating a model trained before it), as `recsys evaluate mf --protocol time` does: no default tuned on one
        // data set is imposed on another.
        var horizonDays = (int)Math.Max(1, (cutoffMs - splitMs) / Timestamps.MillisPerDay);
        var choice = MfEvaluation.Choose(events, data, Timestamps.DayOf(splitMs), horizonDays, options, new MfEvaluationSettings { Seed = seed, Threads = threads });
        var mf = new MLContext(seed).Recommendation().Trainers.MatrixFactorization(SgdSearch.Copy(options, choice.Lambda, choice.LearningRate), recordTrace: false)
            .Fit(new RatingDataView(data)).Model;
        var (mean, userBias, itemBias) = Baseline(data);
        double mfSe = 0, mfAe = 0, baseSe = 0, baseAe = 0;
        for (var j = 0; j < test.Label.Count; j++)
        {
            var (u, i, r) = (test.User[j], test.Item[j], test.Label[j]);
            var e = mf.Score(u, i) - r;
            var b = mean + userBias[u] + itemBias[i] - r;
            mfSe += e * e;
            mfAe += Math.Abs(e);
            baseSe += b * b;
            baseAe += Math.Abs(b);
        }

        var n = test.Label.Count;
        return
        [
            new(FactorizeStage.StageName, "explicit_holdout", "ratings", n),
            new(FactorizeStage.StageName, "mf_explicit", "rmse", Math.Sqrt(mfSe / n)),
            new(FactorizeStage.StageName, "mf_explicit", "mae", mfAe / n),
            new(FactorizeStage.StageName, "mf_explicit", "lambda_chosen", choice.Lambda),
            new(FactorizeStage.StageName, "mf_explicit", "learning_rate_chosen", choice.LearningRate),
            new(FactorizeStage.StageName, "mf_explicit", "search_seconds", choice.Seconds),
            new(FactorizeStage.StageName, "bias_baseline", "rmse", Math.Sqrt(baseSe / n)),
            new(FactorizeStage.StageName, "bias_baseline", "mae", baseAe / n),
        ];
    }

    /// <summary>Global mean, then damped item deviations, then damped user deviations from mean + item bias.</summary>
    public static (double Mean, double[] UserBias, double[] ItemBias) Baseline(RatingMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var mean = data.Label.Average(v => (double)v);
        var itemSum = new double[data.Items];
        var itemCount = new int[data.Items];
        for (var j = 0; j < data.Count; j++)
        {
            itemSum[data.Item[j]] += data.Label[j] - mean;
            itemCount[data.Item[j]]++;
        }

        var itemBias = new double[data.Items];
        for (var i = 0; i < data.Items; i++)
        {
            itemBias[i] = itemSum[i] / (25 + itemCount[i]);
        }

        var userSum = new double[data.Users];
        var userCount = new int[data.Users];
        for (var j = 0; j < data.Count; j++)
        {
            userSum[data.User[j]] += data.Label[j] - mean - itemBias[data.Item[j]];
            userCount[data.User[j]]++;
        }

        var userBias = new double[data.Users];
        for (var u = 0; u < data.Users; u++)
        {
            userBias[u] = userSum[u] / (10 + userCount[u]);
        }

        return (mean, userBias, itemBias);
    }
}
