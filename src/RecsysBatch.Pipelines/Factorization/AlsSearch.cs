using System.Diagnostics;
using Microsoft.ML;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Chooses λ and α of the factorize stage's weighted ALS on an inner time split of the hold-out model's training
/// window: models fitted before S − 2H are judged by MF Recall@K on items new to the user in [S − 2H, S − H), the
/// same measure as the hold-out, so neither the hold-out [S − H, S) nor anything after it influences the choice.
/// Each grid point trains min(<see cref="MaxSweeps"/>, iterations) sweeps with the stage's seed; the highest recall
/// wins, ties to the earlier point (α outer, λ inner), so the choice depends on the data, options and seed only.
/// </summary>
internal static class AlsSearch
{
    /// <summary>λ grid: a decade either side of the old default 3, in steps of about ×3.</summary>
    public static readonly double[] Lambdas = [0.3, 1, 3, 10, 30];

    /// <summary>α grid: the old default 2, a quarter and four times it.</summary>
    public static readonly double[] Alphas = [0.5, 2, 8];

    /// <summary>Sweeps per grid point: ALS with warm-started CG ranks settings well after a few sweeps, at about half the cost of 15.</summary>
    public const int MaxSweeps = 8;

    /// <summary>Used when a value is auto but no inner window can be scored (the old defaults, tuned on the Taobao slice).</summary>
    public const double FallbackLambda = 3;

    public const double FallbackAlpha = 2;

    /// <param name="events">All events.</param>
    /// <param name="innerSplitMs">S − 2H: end of the inner training window.</param>
    /// <param name="splitMs">S − H: end of the inner validation window (start of the hold-out).</param>
    /// <param name="options">Stage options; a non-null Lambda or Alpha is kept, not searched.</param>
    /// <param name="seed">Seed of the ALS initialisation.</param>
    /// <param name="progress">Called with (grid points done, grid points in all) after each point.</param>
    public static AlsChoice Choose(EventTable events, long innerSplitMs, long splitMs, FactorizeOptions options, int seed, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        var fallback = new AlsChoice(options.Lambda ?? FallbackLambda, options.Alpha ?? FallbackAlpha, [], 0, 0);
        if (options.Lambda is not null && options.Alpha is not null)
        {
            return fallback;
        }

        var clock = Stopwatch.StartNew();
        var train = options.Cells(events, long.MinValue, innerSplitMs);
        var test = Interactions.Build(events, innerSplitMs, splitMs, options.Weights());
        var (judged, judgedRelevant) = FactorizeEvaluation.Judged(train, test, options.MinUserItems);
        var (users, relevant) = EvaluationSample.Take(judged, judgedRelevant, options.EvaluationUsers, seed);
        if (users.Count == 0 || !train.CanFactorize)
        {
            return fallback;
        }

        var matrix = new RatingDataView(train.ToMatrix("factorize inner training events"));
        var trainers = new MLContext(seed).Recommendation().Trainers;
        var k = options.EvaluationK;
        var grid = new List<AlsGridPoint>();
        var points = (options.Alpha is null ? Alphas.Length : 1) * (options.Lambda is null ? Lambdas.Length : 1);
        foreach (var alpha in options.Alpha is { } fixedAlpha ? [fixedAlpha] : Alphas)
        {
            foreach (var lambda in options.Lambda is { } fixedLambda ? [fixedLambda] : Lambdas)
            {
                var trainer = options.ToTrainerOptions(seed);
                trainer.Lambda = lambda;
                trainer.Alpha = alpha;
                trainer.NumberOfIterations = Math.Min(MaxSweeps, options.Iterations);
                var model = trainers.MatrixFactorization(trainer, recordTrace: false).Fit(matrix).Model;
                var top = TopKScorer.Score(model.UserFactors, [.. users], model.ItemFactors, model.Items, model.Stride, k, train.ByUser, options.Threads);
                var metrics = new RankingMetrics(k, train.Items);
                for (var r = 0; r < users.Count; r++)
                {
                    metrics.Add(top.Columns(r), relevant[r]);
                }

                grid.Add(new AlsGridPoint(lambda, alpha, metrics.Recall));
                progress?.Invoke(grid.Count, points);
            }
        }

        var best = grid[0];
        foreach (var point in grid)
        {
            best = point.Recall > best.Recall ? point : best;
        }

        return new AlsChoice(best.Lambda, best.Alpha, grid, clock.Elapsed.TotalSeconds, users.Count);
    }
}
