namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Sizes of the reference ranker and where each parameter block lies in its flat parameter vector.
/// Input to the MLP, per row: [user features | item features | factor dot product | user factor norm | item factor norm |
/// item category embedding e | masked mean of behaviour category embeddings c | masked mean of behaviour event-type
/// embeddings t | e ⊙ c | match share m]; m = masked share of the recent events whose category is the item's (0 for an
/// unknown item category): the exact category match, which the embeddings alone learn slowly from few positives; then two ReLU layers and a sigmoid output. The raw factors are not MLP inputs: ALS factors
/// are defined only up to rotation, so the network is trained on the anchor model's factors and scores with the
/// snapshot model's; only rotation-invariant quantities (dot product, norms) carry over.
/// </summary>
internal sealed class RankerArchitecture
{
    public RankerArchitecture(RankerContract contract, int embedding = 8, int hidden1 = 64, int hidden2 = 32)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embedding);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden2);
        UserFeatures = contract.UserFeatureCount;
        ItemFeatures = contract.ItemFeatureCount;
        Rank = contract.FactorRank;
        SequenceLength = contract.SequenceLength;
        Categories = contract.CategoryBuckets;
        EventTypes = contract.EventTypeBuckets;
        Embedding = embedding;
        Hidden1 = hidden1;
        Hidden2 = hidden2;
        DotOffset = UserFeatures + ItemFeatures;
        UserNormOffset = DotOffset + 1;
        ItemNormOffset = DotOffset + 2;
        ItemEmbeddingOffset = DotOffset + 3;
        SequenceCategoryOffset = ItemEmbeddingOffset + Embedding;
        SequenceEventOffset = SequenceCategoryOffset + Embedding;
        ProductOffset = SequenceEventOffset + Embedding;
        MatchOffset = ProductOffset + Embedding;
        InputWidth = MatchOffset + 1;
        CategoryEmbeddingAt = 0;
        EventEmbeddingAt = CategoryEmbeddingAt + (Categories * Embedding);
        W1At = EventEmbeddingAt + (EventTypes * Embedding);
        B1At = W1At + (InputWidth * Hidden1);
        W2At = B1At + Hidden1;
        B2At = W2At + (Hidden1 * Hidden2);
        W3At = B2At + Hidden2;
        B3At = W3At + Hidden2;
        ParameterCount = B3At + 1;
    }

    public int UserFeatures { get; }

    public int ItemFeatures { get; }

    public int Rank { get; }

    public int SequenceLength { get; }

    public int Categories { get; }

    public int EventTypes { get; }

    public int Embedding { get; }

    public int Hidden1 { get; }

    public int Hidden2 { get; }

    public int DotOffset { get; }

    public int UserNormOffset { get; }

    public int ItemNormOffset { get; }

    public int ItemEmbeddingOffset { get; }

    public int SequenceCategoryOffset { get; }

    public int SequenceEventOffset { get; }

    public int ProductOffset { get; }

    /// <summary>Position of the category match share in the MLP input.</summary>
    public int MatchOffset { get; }

    /// <summary>Width of the MLP input vector.</summary>
    public int InputWidth { get; }

    public int CategoryEmbeddingAt { get; }

    public int EventEmbeddingAt { get; }

    /// <summary>W1 is [InputWidth, Hidden1] row-major (ONNX Gemm's B without transpose); W2 [Hidden1, Hidden2]; W3 [Hidden2, 1].</summary>
    public int W1At { get; }

    public int B1At { get; }

    public int W2At { get; }

    public int B2At { get; }

    public int W3At { get; }

    public int B3At { get; }

    public int ParameterCount { get; }
}
