using System.Globalization;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>The champion's model_metrics rows (model "champion") and its line in the run summary.</summary>
internal static class RankChampionReport
{
    public const string Model = "champion";

    public static void Add(StageContext context, string stage, RankChampionChoice choice, ScorerCalibration calibration, int users, int positives)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(calibration);
        var metrics = context.Data.Metrics;
        metrics.Add(new(stage, Model, "scorer_" + choice.Scorer, 1));
        metrics.Add(new(stage, Model, "undecided", choice.Undecided ? 1 : 0));
        metrics.Add(new(stage, Model, "auc_best_minus_runner_up", choice.Difference));
        metrics.Add(new(stage, Model, "auc_best_minus_runner_up_ci_low", choice.Low));
        metrics.Add(new(stage, Model, "auc_best_minus_runner_up_ci_high", choice.High));
        metrics.Add(new(stage, Model, "calibration_slope", calibration.Slope));
        metrics.Add(new(stage, Model, "calibration_intercept", calibration.Intercept));

        var aucs = string.Join(", ", RankChampion.Preference.Where(choice.Auc.ContainsKey)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s} {choice.Auc[s]:0.000}")));
        var why = choice.Undecided
            ? "undecided: the 95% interval includes 0, so the held-out rows cannot tell the two apart; the best orders the lists all the same"
            : $"{choice.Best} is better than the runner-up";
        context.Data.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"rank: recommendations ordered by {choice.Scorer}: held-out AUC {aucs}; {choice.Best} − {choice.RunnerUp} = {choice.Difference:+0.000;-0.000} [95% CI {choice.Low:+0.000;-0.000}, {choice.High:+0.000;-0.000}] over {users} users ({positives} positives); {why}"));
    }
}
