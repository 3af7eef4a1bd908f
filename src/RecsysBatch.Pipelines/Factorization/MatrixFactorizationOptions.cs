namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Options of the matrix factorization trainer. Names mirror ML.NET's MatrixFactorizationTrainer.Options so code
/// written for it reads the same; defaults are chosen for accuracy on rating data, not copied from ML.NET.
/// </summary>
internal sealed class MatrixFactorizationOptions
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
}
