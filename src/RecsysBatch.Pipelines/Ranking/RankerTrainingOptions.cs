namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Hyper-parameters of the reference ranker trainer.</summary>
internal sealed class RankerTrainingOptions
{
    public int Embedding { get; init; } = 8;

    public int Hidden1 { get; init; } = 64;

    public int Hidden2 { get; init; } = 32;

    public int MaxEpochs { get; init; } = 30;

    public int BatchSize { get; init; } = 256;

    public float LearningRate { get; init; } = 0.002f;

    /// <summary>Epochs without a better validation log-loss before training stops (the best epoch is kept).</summary>
    public int Patience { get; init; } = 3;

    public int Seed { get; init; } = 42;
}
