using System.Diagnostics;
using Microsoft.ML;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Chooses λ (and the learning rate) of the explicit SGD trainer on an inner validation split of the training
/// ratings, so no default tuned on one data set is imposed on another. Each grid point trains with the same seed
/// and grid of blocks for at most <see cref="MaxEpochs"/> epochs, stopping once the validation RMSE has not improved
/// for <see cref="Patience"/> epochs; its score is the best epoch's RMSE. The lowest RMSE wins, ties to the earlier
/// grid point, so the choice is a function of the data, the seed and the thread count only.
/// </summary>
internal static class SgdSearch
{
    /// <summary>λ grid: brackets the old 0.05 default by ×4 either way (LIBMF's 0.1 included).</summary>
    public static readonly double[] Lambdas = [0.01, 0.02, 0.05, 0.1, 0.2];

    /// <summary>Learning-rate grid: the old 0.01 default, half and double it.</summary>
    public static readonly double[] LearningRates = [0.005, 0.01, 0.02];

    /// <summary>Epochs of one grid point (fewer when the model has fewer): half the default 60, by which the 0.97 decay has more than halved the step.</summary>
    public const int MaxEpochs = 30;

    /// <param name="train">Inner training ratings (never the evaluation fold or window).</param>
    /// <param name="validation">Inner validation ratings.</param>
    /// <param name="options">Trainer options; their Lambda and LearningRate are replaced by each grid point.</param>
    /// <param name="lambda">Explicit λ (not searched), or null to search it.</param>
    /// <param name="learningRate">Explicit learning rate (not searched), or null to search it.</param>
    public static SgdChoice Choose(RatingMatrix train, RatingMatrix validation, MatrixFactorizationOptions options, double? lambda, double? learningRate)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        if (lambda is { } l && learningRate is { } r)
        {
            return new SgdChoice(l, r, [], 0);
        }

        var clock = Stopwatch.StartNew();
        var (min, max) = (train.Label.Min(), train.Label.Max());
        var grid = new List<SgdGridPoint>();
        foreach (var rate in learningRate is { } fixedRate ? [fixedRate] : LearningRates)
        {
            foreach (var reg in lambda is { } fixedLambda ? [fixedLambda] : Lambdas)
            {
                grid.Add(Score(train, validation, options, reg, rate, min, max));
            }
        }

        var best = grid[0];
        foreach (var point in grid)
        {
            best = point.Rmse < best.Rmse ? point : best;
        }

        return new SgdChoice(best.Lambda, best.LearningRate, grid, clock.Elapsed.TotalSeconds);
    }

    private static SgdGridPoint Score(RatingMatrix train, RatingMatrix validation, MatrixFactorizationOptions options, double lambda, double rate, float min, float max)
    {
        var trial = Copy(options, lambda, rate);
        trial.NumberOfIterations = Math.Min(MaxEpochs, options.NumberOfIterations);
        var seen = InnerValidation.Seen(train);
        var last = double.PositiveInfinity;
        var epochs = 0;
        new MLContext(trial.Seed).Recommendation().Trainers.MatrixFactorization(trial, recordTrace: false, afterEpoch: model =>
        {
            epochs++;
            last = InnerValidation.Rmse(model, seen, validation, min, max);
            if (double.IsFinite(last))
            {
                return true;
            }

            last = double.PositiveInfinity;
            return false;
        }).Fit(new RatingDataView(train));
        return new SgdGridPoint(lambda, rate, last, epochs);
    }

    /// <summary>The same trainer settings with another λ and learning rate.</summary>
    public static MatrixFactorizationOptions Copy(MatrixFactorizationOptions options, double lambda, double rate) => new()
    {
        LossFunction = options.LossFunction,
        ApproximationRank = options.ApproximationRank,
        NumberOfIterations = options.NumberOfIterations,
        LearningRate = rate,
        LearningRateDecay = options.LearningRateDecay,
        Lambda = lambda,
        NonNegative = options.NonNegative,
        NumberOfThreads = options.NumberOfThreads,
        InitialScale = options.InitialScale,
        Seed = options.Seed,
        NumberOfBlocks = options.NumberOfBlocks,
    };
}
