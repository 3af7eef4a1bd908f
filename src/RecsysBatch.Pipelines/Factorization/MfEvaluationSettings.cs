namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Trainer settings of <see cref="MfEvaluation"/> (the `recsys evaluate mf` options). Defaults are those of the
/// explicit SGD trainer, the settings measured on MovieLens latest-small.
/// </summary>
public sealed class MfEvaluationSettings
{
    private static readonly MatrixFactorizationOptions Defaults = new();

    /// <summary>Rank k of the factors.</summary>
    public int Rank { get; init; } = Defaults.ApproximationRank;

    /// <summary>SGD epochs.</summary>
    public int Iterations { get; init; } = Defaults.NumberOfIterations;

    /// <summary>L2 regularisation of factors and biases.</summary>
    public double Lambda { get; init; } = Defaults.Lambda;

    /// <summary>SGD step size of the first epoch (decayed by the trainer's default per epoch).</summary>
    public double LearningRate { get; init; } = Defaults.LearningRate;

    /// <summary>Worker threads; null: processor count. The SGD grid has 4 × threads blocks, so results depend on it.</summary>
    public int? Threads { get; init; }

    /// <summary>Seed of the fold split, the block grid and the initial factors.</summary>
    public int Seed { get; init; } = Defaults.Seed;

    internal MatrixFactorizationOptions ToOptions() => new()
    {
        ApproximationRank = Rank,
        NumberOfIterations = Iterations,
        Lambda = Lambda,
        LearningRate = LearningRate,
        NumberOfThreads = Threads,
        Seed = Seed,
    };
}
