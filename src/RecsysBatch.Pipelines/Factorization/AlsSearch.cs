using System.Diagnostics;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Chooses λ and α of the factorize stage's weighted ALS on an inner time split of the hold-out model's training
/// window: models fitted before S − 2H are judged by MF Recall@K on items new to the user in [S − 2H, S − H), the
/// same measure as the hold-out, so neither the hold-out [S − H, S) nor anything after it influences the choice.
/// The grid λ × α is walked by coordinate search rather than trained in full: every α at the middle λ, every λ at
/// the best α, and so on alternately while a line moves the best point. An α point trains
/// min(<see cref="MaxSweeps"/>, iterations) sweeps from the stage's seed; a λ point continues from its neighbour's
/// factors towards the line's best point for min(<see cref="WarmSweeps"/>, iterations) sweeps (a warm start along the
/// regularisation path). The highest recall wins, ties to the earlier grid point (α outer, λ inner),
/// so the choice depends on the data, options and seed only.
/// </summary>
internal static class AlsSearch
{
    /// <summary>λ grid: a decade either side of the old default 3, in steps of about ×3.</summary>
    public static readonly double[] Lambdas = [0.3, 1, 3, 10, 30];

    /// <summary>α grid: the old default 2, a quarter and four times it.</summary>
    public static readonly double[] Alphas = [0.5, 2, 8];

    /// <summary>Sweeps of an α point, from the seeded initial factors: ALS with warm-started CG ranks settings well after a few sweeps.</summary>
    public const int MaxSweeps = 8;

    /// <summary>Sweeps of a λ point, continuing from its neighbour's factors on the line.</summary>
    public const int WarmSweeps = 3;

    /// <summary>Used when a value is auto but no inner window can be scored (the old defaults, tuned on the Taobao slice).</summary>
    public const double FallbackLambda = 3;

    public const double FallbackAlpha = 2;

    /// <param name="events">All events.</param>
    /// <param name="innerSplitMs">S − 2H: end of the inner training window.</param>
    /// <param name="splitMs">S − H: end of the inner validation window (start of the hold-out).</param>
    /// <param name="options">Stage options; a non-null Lambda or Alpha is kept, not searched.</param>
    /// <param name="seed">Seed of the ALS initialisation.</param>
    /// <param name="progress">Called with (points done, grid points in all) after each point; the search may stop before the last.</param>
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

        var walk = new AlsGridWalk(train, [.. users], relevant, options, seed, progress);
        var (lambda, alpha) = walk.Run();
        return new AlsChoice(lambda, alpha, walk.Points, clock.Elapsed.TotalSeconds, users.Count);
    }
}
