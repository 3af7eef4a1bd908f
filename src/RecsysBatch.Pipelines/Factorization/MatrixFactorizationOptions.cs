using System.Globalization;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Options of the matrix factorization trainer. Names mirror ML.NET's MatrixFactorizationTrainer.Options so code
/// written for it reads the same; defaults are chosen for accuracy on rating data, not copied from ML.NET.
/// </summary>
public sealed class MatrixFactorizationOptions
{
    /// <summary>Key column of the item (matrix column).</summary>
    public string MatrixColumnIndexColumnName { get; set; } = "ItemId";

    /// <summary>Key column of the user (matrix row).</summary>
    public string MatrixRowIndexColumnName { get; set; } = "UserId";

    /// <summary>Rating (explicit) or confidence weight (implicit); Single.</summary>
    public string LabelColumnName { get; set; } = "Label";

    public MfLossFunction LossFunction { get; set; } = MfLossFunction.SquareLossRegression;

    /// <summary>Rank k of the factors.</summary>
    public int ApproximationRank { get; set; } = 64;

    /// <summary>Epochs of SGD or sweeps of ALS.</summary>
    public int NumberOfIterations { get; set; } = 60;

    /// <summary>SGD step size of the first epoch.</summary>
    public double LearningRate { get; set; } = 0.01;

    /// <summary>Per-epoch multiplier of the SGD step size (1 = constant).</summary>
    public double LearningRateDecay { get; set; } = 0.97;

    /// <summary>L2 regularisation of factors (and biases).</summary>
    public double Lambda { get; set; } = 0.05;

    /// <summary>One-class: confidence of an observed cell is 1 + Alpha * label.</summary>
    public double Alpha { get; set; } = 10;

    /// <summary>One-class: preference assigned to unobserved cells (0 in Hu-Koren-Volinsky).</summary>
    public double C { get; set; }

    /// <summary>Projects factors onto the non-negative orthant after each update.</summary>
    public bool NonNegative { get; set; }

    /// <summary>Worker threads (and SGD grid size); results are deterministic for a given seed and thread count. Null: processor count.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>One-class: conjugate-gradient steps per row solve, warm-started from the previous sweep.</summary>
    public int ConjugateGradientSteps { get; set; } = 3;

    /// <summary>Standard deviation of the initial factors.</summary>
    public double InitialScale { get; set; } = 0.1;

    public int Seed { get; set; } = 1;

    /// <summary>SGD: row and column blocks of the rating grid (LIBMF's nr_bins); at least the thread count. Null: 4 × threads.</summary>
    public int? NumberOfBlocks { get; set; }

    public int ResolvedBlocks => NumberOfBlocks ?? (4 * ResolvedThreads);

    public int ResolvedThreads => NumberOfThreads ?? Environment.ProcessorCount;

    /// <summary>
    /// Throws when an option is out of range, naming the option and its value; needs no data, so callers can check
    /// before loading anything. <see cref="RatingMatrix.Validate"/> calls it before the data checks.
    /// </summary>
    public void Validate(string what = "MatrixFactorization")
    {
        Require(ApproximationRank > 0, what, nameof(ApproximationRank), ApproximationRank, "must be positive");
        Require(NumberOfIterations > 0, what, nameof(NumberOfIterations), NumberOfIterations, "must be positive");
        Require(ResolvedThreads > 0, what, nameof(NumberOfThreads), ResolvedThreads, "must be positive");
        Require(double.IsFinite(Lambda) && Lambda >= 0, what, nameof(Lambda), Lambda, "must be finite and at least 0");
        Require(double.IsFinite(InitialScale) && InitialScale > 0, what, nameof(InitialScale), InitialScale, "must be finite and positive");
        if (LossFunction == MfLossFunction.SquareLossOneClass)
        {
            Require(double.IsFinite(Alpha) && Alpha >= 0, what, nameof(Alpha), Alpha, "must be finite and at least 0");
            Require(double.IsFinite(C), what, nameof(C), C, "must be finite");
            Require(ConjugateGradientSteps > 0, what, nameof(ConjugateGradientSteps), ConjugateGradientSteps, "must be positive");
            return;
        }

        Require(double.IsFinite(LearningRate) && LearningRate > 0, what, nameof(LearningRate), LearningRate, "must be finite and positive");
        Require(double.IsFinite(LearningRateDecay) && LearningRateDecay > 0 && LearningRateDecay <= 1, what, nameof(LearningRateDecay), LearningRateDecay, "must be in (0, 1]");
        Require(ResolvedBlocks > 0, what, nameof(NumberOfBlocks), ResolvedBlocks, "must be positive");
        if (ResolvedThreads > ResolvedBlocks)
        {
            throw new RecsysException($"{what}: {ResolvedThreads} threads but only {ResolvedBlocks} blocks; use fewer threads or more blocks.");
        }
    }

    private static void Require(bool ok, string what, string option, double value, string rule)
    {
        if (!ok)
        {
            throw new RecsysException(string.Create(CultureInfo.InvariantCulture, $"{what}: {option} {rule}; it is {value}."));
        }
    }
}
