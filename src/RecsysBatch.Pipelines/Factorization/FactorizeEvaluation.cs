using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Time-based hold-out: models are fitted on events before S−H and asked for top-K unseen items per user; the
/// relevant items are those the user touched in [S−H, S) and not before S−H. Users need MinUserItems items before
/// S−H and at least one relevant item. MF is reported next to popularity (and item-kNN) computed the same way.
/// </summary>
internal static class FactorizeEvaluation
{
    public static List<ModelMetric> Evaluate(EventTable events, long splitMs, long cutoffMs, FactorizeOptions options, int seed, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(notes);
        var weights = options.Weights();
        var train = Interactions.Build(events, long.MinValue, splitMs, weights);
        var test = Interactions.Build(events, splitMs, cutoffMs, weights);
        var users = new List<int>();
        var relevant = new List<int[]>();
        for (var u = 0; u < train.Users; u++)
        {
            if (train.ItemCount(u) < options.MinUserItems)
            {
                continue;
            }

            var fresh = test.ItemsOf(u).ToArray().Where(i => !train.Seen(u, i)).ToArray();
            if (fresh.Length > 0)
            {
                users.Add(u);
                relevant.Add(fresh);
            }
        }

        var catalogue = train.Popularity.Count(p => p > 0);
        if (users.Count == 0 || catalogue < 2 || train.Users < 2)
        {
            notes.Add("factorize: no hold-out metrics (no user with history before S-H and new items in [S-H, S)).");
            return [];
        }

        var k = options.EvaluationK;
        var model = AlsTrainer.Train(train.ToMatrix("factorize hold-out training events"), options.ToTrainerOptions(seed));
        var mf = TopKScorer.Score(model.UserFactors, [.. users], model.ItemFactors, model.Items, model.Stride, k, train.ByUser, options.Threads);
        var mfMetrics = new RankingMetrics(k, train.Items);
        var popMetrics = new RankingMetrics(k, train.Items);
        var knnMetrics = new RankingMetrics(k, train.Items);
        var popularity = new PopularityRanker(train.Popularity);
        var knn = new ItemKnnRanker(train);
        var buffer = new int[k];
        for (var r = 0; r < users.Count; r++)
        {
            mfMetrics.Add(mf.Columns(r), relevant[r]);
            var n = popularity.Top(train, users[r], k, buffer);
            popMetrics.Add(buffer.AsSpan(0, n), relevant[r]);
            n = knn.Top(users[r], k, buffer);
            knnMetrics.Add(buffer.AsSpan(0, n), relevant[r]);
        }

        var metrics = new List<ModelMetric> { new(FactorizeStage.StageName, "holdout", "users", users.Count) };
        foreach (var (name, m) in new[] { ("mf", mfMetrics), ("popularity", popMetrics), ("item_knn", knnMetrics) })
        {
            metrics.Add(new(FactorizeStage.StageName, name, $"recall@{k}", m.Recall));
            metrics.Add(new(FactorizeStage.StageName, name, $"ndcg@{k}", m.Ndcg));
            metrics.Add(new(FactorizeStage.StageName, name, $"hit_rate@{k}", m.HitRate));
            metrics.Add(new(FactorizeStage.StageName, name, "coverage", m.Coverage(catalogue)));
        }

        return metrics;
    }
}
