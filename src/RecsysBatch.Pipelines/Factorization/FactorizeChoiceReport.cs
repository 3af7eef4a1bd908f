using System.Globalization;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// What the factorize stage reports about its λ / α: model_metrics rows (model <c>mf</c>: <c>lambda_chosen</c>,
/// <c>alpha_chosen</c>, <c>search_seconds</c>; model <c>mf_search</c>: the inner-validation recall of every grid
/// point the search scored; <c>lambda_at_grid_edge</c>, <c>alpha_at_grid_edge</c>: 1 when the searched value chosen is the smallest or
/// largest of the grid, which the stage's quality rules turn into a warning) and a run-summary note.
/// </summary>
internal static class FactorizeChoiceReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static List<ModelMetric> Metrics(AlsChoice choice, int k)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var metrics = new List<ModelMetric>
        {
            new(FactorizeStage.StageName, "mf", "lambda_chosen", choice.Lambda),
            new(FactorizeStage.StageName, "mf", "alpha_chosen", choice.Alpha),
        };
        if (!choice.Searched)
        {
            return metrics;
        }

        metrics.Add(new(FactorizeStage.StageName, "mf", "search_seconds", choice.Seconds));
        metrics.Add(new(FactorizeStage.StageName, "mf_search", "users", choice.Users));
        metrics.Add(new(FactorizeStage.StageName, "mf", "lambda_at_grid_edge", AtEdge(choice.Grid.Select(g => g.Lambda), choice.Lambda)));
        metrics.Add(new(FactorizeStage.StageName, "mf", "alpha_at_grid_edge", AtEdge(choice.Grid.Select(g => g.Alpha), choice.Alpha)));
        foreach (var point in choice.Grid)
        {
            metrics.Add(new(FactorizeStage.StageName, "mf_search", string.Create(Invariant, $"recall@{k} lambda={point.Lambda} alpha={point.Alpha}"), point.Recall));
        }

        return metrics;
    }

    /// <summary>1 when more than one value was tried and <paramref name="chosen"/> is the smallest or largest of them.</summary>
    private static double AtEdge(IEnumerable<double> tried, double chosen)
    {
        var values = tried.Distinct().ToList();
        return values.Count > 1 && (chosen <= values.Min() || chosen >= values.Max()) ? 1 : 0;
    }

    public static string Note(AlsChoice choice, long innerSplitMs, long splitMs, FactorizeOptions options, bool explicitValues)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(options);
        var window = string.Create(Invariant, $"[{Timestamps.DayOf(innerSplitMs):yyyy-MM-dd}, {Timestamps.DayOf(splitMs):yyyy-MM-dd})");
        if (choice.Searched)
        {
            var best = choice.Grid.Max(g => g.Recall);
            return string.Create(
                Invariant,
                $"factorize: ALS lambda {choice.Lambda}, alpha {choice.Alpha} chosen by MF recall@{options.EvaluationK} {best:F4} on new items of {window} for {choice.Users} users (models before it; {choice.Grid.Count} grid points scored by coordinate search, α points after {Math.Min(AlsSearch.MaxSweeps, options.Iterations)} ALS sweeps from the seed, λ points after {Math.Min(AlsSearch.WarmSweeps, options.Iterations)} more from their neighbour's factors; its seconds are in model_metrics).");
        }

        return explicitValues
            ? string.Create(Invariant, $"factorize: ALS lambda {choice.Lambda}, alpha {choice.Alpha} as set in the options (no search).")
            : string.Create(Invariant, $"factorize: ALS lambda {choice.Lambda}, alpha {choice.Alpha} are the fallback: no user with history and new items in the inner validation window {window}.");
    }
}
