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

    /// <summary>
    /// Mean NDCG@5 and Recall@5 per model over users added a block at a time (rows built with labels): blocks added in
    /// user order add the same terms in the same order as one pass, so the means are the same to the last bit.
    /// </summary>
    public sealed class Sums(string predictionName)
    {
        private readonly string[] _models = [predictionName, .. Baselines];
        private readonly double[] _ndcg = new double[1 + Baselines.Count];
        private readonly double[] _recall = new double[1 + Baselines.Count];
        private int _users;

        /// <summary>Adds the users of <paramref name="rows"/> (built with labels) with their predicted shares.</summary>
        public void Add(CandidateRows rows, double[] predicted, CategoryPopulation population, Dictionary<int, double>?[] labels)
        {
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
                for (var m = 0; m < _models.Length; m++)
                {
                    var top = PredictedShares.TopCategories(rows, i, scores[m], population, K);
                    _ndcg[m] += Metrics.NdcgAt(top, relevant, K);
                    _recall[m] += Metrics.RecallAt(top, relevant, K);
                }
            }

            _users += rows.Users.Count;
        }

        /// <summary>Mean NDCG@5, Recall@5 and the users evaluated, per model.</summary>
        public List<ModelMetric> ToMetrics(string stage)
        {
            var metrics = new List<ModelMetric>();
            for (var m = 0; m < _models.Length; m++)
            {
                metrics.Add(new(stage, _models[m], $"ndcg@{K}", _users == 0 ? double.NaN : _ndcg[m] / _users));
                metrics.Add(new(stage, _models[m], $"recall@{K}", _users == 0 ? double.NaN : _recall[m] / _users));
                metrics.Add(new(stage, _models[m], "eval_users", _users));
            }

            return metrics;
        }
    }
}
