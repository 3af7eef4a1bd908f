namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Trainer settings of <see cref="MfEvaluation"/> (the `recsys evaluate mf` options). Rank, epochs and seed default
/// to the explicit SGD trainer's; λ and the learning rate default to null, chosen on an inner validation split of the
/// training data (<see cref="SgdSearch"/>), because values tuned on one data set lose on another.
/// </summary>
public sealed class MfEvaluationSettings
{
    private static readonly MatrixFactorizationOptions Defaults = new();

    /// <summary>Rank k of the factors.</summary>
    public int Rank { get; init; } = Defaults.ApproximationRank;

    /// <summary>SGD epochs.</summary>
    public int Iterations { get; init; } = Defaults.NumberOfIterations;

    /// <summary>L2 regularisation of factors and biases; null: chosen from <see cref="SgdSearch.Lambdas"/>.</summary>
    public double? Lambda { get; init; }

    /// <summary>SGD step size of the first epoch (decayed by the trainer's default per epoch); null: chosen from <see cref="SgdSearch.LearningRates"/>.</summary>
    public double? LearningRate { get; init; }

    internal (bool Lambda, bool LearningRate) Search => (Lambda is null, LearningRate is null);

    /// <summary>Worker threads; null: processor count. The SGD grid has 4 × threads blocks, so results depend on it.</summary>
    public int? Threads { get; init; }

    /// <summary>Seed of the fold split, the block grid and the initial factors.</summary>
    public int Seed { get; init; } = Defaults.Seed;

    internal MatrixFactorizationOptions ToOptions() => new()
    {
        ApproximationRank = Rank,
        NumberOfIterations = Iterations,
        // A searched value is replaced per grid point; the default stands in so Validate can check the rest.
        Lambda = Lambda ?? Defaults.Lambda,
        LearningRate = LearningRate ?? Defaults.LearningRate,
        NumberOfThreads = Threads,
        Seed = Seed,
    };
}
