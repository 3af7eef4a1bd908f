using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// Held-out figures of the next-window predictions and of the three baselines on the same users and window:
/// recent (recent-window shares), long_term (decayed long-term shares), popularity (global category popularity).
/// Every ranking is filled up to k with the most popular categories, so all four always list k categories.
/// </summary>
internal static class InterestEvaluation
{
    public const int K = 5;
    public const string Recent = "recent";
    public const string LongTerm = "long_term";
    public const string Popularity = "popularity";

    public static IReadOnlyList<string> Models { get; } = [NextWindowModel.Name, Recent, LongTerm, Popularity];

    /// <summary>Mean NDCG@5 and Recall@5 per model over the users of <paramref name="rows"/> (built with labels).</summary>
    public static List<ModelMetric> Evaluate(
        string stage, CandidateRows rows, double[] predicted, CategoryPopulation population, Dictionary<int, double>?[] labels)
    {
        var ndcg = new double[Models.Count];
        var recall = new double[Models.Count];
        Func<int, double>[] scores =
        [
            r => predicted[r],
            r => rows.ShareRecent[r],
            r => rows.ShareLong[r],
            _ => 0,
        ];
        for (var i = 0; i < rows.Users.Count; i++)
        {
            var relevant = labels[rows.Users[i]]!.Keys;
            for (var m = 0; m < Models.Count; m++)
            {
                var top = PredictedShares.TopCategories(rows, i, scores[m], population, K);
                ndcg[m] += RankingMetrics.NdcgAt(top, relevant, K);
                recall[m] += RankingMetrics.RecallAt(top, relevant, K);
            }
        }

        var users = rows.Users.Count;
        var metrics = new List<ModelMetric>();
        for (var m = 0; m < Models.Count; m++)
        {
            metrics.Add(new(stage, Models[m], $"ndcg@{K}", users == 0 ? double.NaN : ndcg[m] / users));
            metrics.Add(new(stage, Models[m], $"recall@{K}", users == 0 ? double.NaN : recall[m] / users));
            metrics.Add(new(stage, Models[m], "eval_users", users));
        }

        return metrics;
    }
}
