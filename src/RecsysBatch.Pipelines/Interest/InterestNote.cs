using System.Globalization;
using System.Text;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>The run-summary note of the interest stage: windows used and the held-out figures against the baselines.</summary>
internal static class InterestNote
{
    public static string Describe(
        DateOnly snapshot, int nextDays, NextWindowTraining training, NextWindowTraining evalTraining, IReadOnlyList<ModelMetric> metrics)
    {
        var held = InterestEvaluation.PredictionName(evalTraining.Model is not null);
        var ndcg = $"ndcg@{InterestEvaluation.K}";
        var recall = $"recall@{InterestEvaluation.K}";
        double Value(string model, string metric) =>
            metrics.FirstOrDefault(m => m.Model == model && m.Metric == metric)?.Value ?? double.NaN;

        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"interest: next window {nextDays} d; ");
        text.Append(training.Model is null
            ? $"too little history to train ({training.Rows} rows): population predictions for all users; "
            : $"model trained on {training.Rows}{(training.Rows < training.AvailableRows ? $" of {(training.AvailableEstimated ? "about " : "")}{training.AvailableRows} rows (whole users drawn by a seeded hash, option maxTrainingRows{(training.AvailableEstimated ? "; only the users scanned in hash order until the cap had rows built, the total is scaled from them" : "")})" : " rows")}, anchors {string.Join(",", training.Anchors.Select(a => a.ToString("yyyy-MM-dd", inv)))}; ");
        text.Append(inv, $"held out [{snapshot.AddDays(-nextDays):yyyy-MM-dd}, {snapshot:yyyy-MM-dd}) over {Value(held, "eval_users"):F0} users");
        if (evalTraining.Model is null)
        {
            text.Append(" (no held-out model: the population fallback is reported as model population, not compared as the model)");
        }

        text.Append(':');
        foreach (var model in new[] { held }.Concat(InterestEvaluation.Baselines))
        {
            text.Append(inv, $" {model} NDCG@5 {Value(model, ndcg):F4} Recall@5 {Value(model, recall):F4};");
        }

        if (evalTraining.Model is null)
        {
            return text.ToString();
        }

        var best = InterestEvaluation.Baselines.OrderByDescending(m => Value(m, ndcg)).First();
        var lift = (Value(NextWindowModel.Name, ndcg) / Value(best, ndcg)) - 1;
        text.Append(inv, $" vs best baseline {best}: {lift:+0.0%;-0.0%} NDCG@5");
        return text.ToString();
    }
}
