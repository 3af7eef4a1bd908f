using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Evaluation;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// Held-out figures of the next-window predictions and of the three baselines on the same users and window:
/// recent (recent-window shares), long_term (decayed long-term shares), popularity (global category popularity).
/// Every ranking is filled up to k with the most popular categories, so all four always list k categories.
/// Without a held-out model the predictions are the population fallback and are reported as model "population",
/// never under the model's name: a fallback's figures must not pass for the model's.
/// </summary>
internal static class InterestEvaluation
{
    public const int K = 5;
    public const string Recent = "recent";
    public const string LongTerm = "long_term";
    public const string Popularity = "popularity";

    /// <summary>The population fallback (global category popularity over the user's candidates) when no model was trained.</summary>
    public const string PopulationFallback = "population";

    public static IReadOnlyList<string> Baselines { get; } = [Recent, LongTerm, Popularity];

    /// <summary>The name the predictions are published and evaluated under.</summary>
    public static string PredictionName(bool hasModel) => hasModel ? NextWindowModel.Name : PopulationFallback;

    /// <summary>Mean NDCG@5 and Recall@5 per model over the users of <paramref name="rows"/> (built with labels).</summary>
    public static List<ModelMetric> Evaluate(
        string stage, string predictionName, CandidateRows rows, double[] predicted, CategoryPopulation population, Dictionary<int, double>?[] labels)
    {
        string[] models = [predictionName, .. Baselines];
        var ndcg = new double[models.Length];
        var recall = new double[models.Length];
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
            for (var m = 0; m < models.Length; m++)
            {
                var top = PredictedShares.TopCategories(rows, i, scores[m], population, K);
                ndcg[m] += Metrics.NdcgAt(top, relevant, K);
                recall[m] += Metrics.RecallAt(top, relevant, K);
            }
        }

        var users = rows.Users.Count;
        var metrics = new List<ModelMetric>();
        for (var m = 0; m < models.Length; m++)
        {
            metrics.Add(new(stage, models[m], $"ndcg@{K}", users == 0 ? double.NaN : ndcg[m] / users));
            metrics.Add(new(stage, models[m], $"recall@{K}", users == 0 ? double.NaN : recall[m] / users));
            metrics.Add(new(stage, models[m], "eval_users", users));
        }

        return metrics;
    }
}
