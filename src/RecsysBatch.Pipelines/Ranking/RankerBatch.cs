namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Rows of ranker inputs in the contract's layout: one row-major array per input tensor, <see cref="Capacity"/>
/// rows allocated and <see cref="Count"/> in use. The same buffers feed the C# network and ONNX Runtime.
/// </summary>
internal sealed class RankerBatch
{
    public RankerBatch(RankerContract contract, int capacity)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        UserFeatureCount = contract.UserFeatureCount;
        ItemFeatureCount = contract.ItemFeatureCount;
        FactorRank = contract.FactorRank;
        SequenceLength = contract.SequenceLength;
        UserFeatures = new float[capacity * UserFeatureCount];
        ItemFeatures = new float[capacity * ItemFeatureCount];
        UserFactors = new float[capacity * FactorRank];
        ItemFactors = new float[capacity * FactorRank];
        ItemCategory = new long[capacity];
        BehaviorCategories = new long[capacity * SequenceLength];
        BehaviorEventTypes = new long[capacity * SequenceLength];
        BehaviorMask = new float[capacity * SequenceLength];
    }

    public int Capacity { get; }

    public int Count { get; set; }

    public int UserFeatureCount { get; }

    public int ItemFeatureCount { get; }

    public int FactorRank { get; }

    public int SequenceLength { get; }

    public float[] UserFeatures { get; }

    public float[] ItemFeatures { get; }

    public float[] UserFactors { get; }

    public float[] ItemFactors { get; }

    public long[] ItemCategory { get; }

    public long[] BehaviorCategories { get; }

    public long[] BehaviorEventTypes { get; }

    public float[] BehaviorMask { get; }

    /// <summary>Copies row <paramref name="from"/> of <paramref name="source"/> into row <paramref name="to"/> of this batch.</summary>
    public void CopyRow(RankerBatch source, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(source);
        Copy(source.UserFeatures, UserFeatures, UserFeatureCount, from, to);
        Copy(source.ItemFeatures, ItemFeatures, ItemFeatureCount, from, to);
        Copy(source.UserFactors, UserFactors, FactorRank, from, to);
        Copy(source.ItemFactors, ItemFactors, FactorRank, from, to);
        ItemCategory[to] = source.ItemCategory[from];
        Copy(source.BehaviorCategories, BehaviorCategories, SequenceLength, from, to);
        Copy(source.BehaviorEventTypes, BehaviorEventTypes, SequenceLength, from, to);
        Copy(source.BehaviorMask, BehaviorMask, SequenceLength, from, to);
    }

    private static void Copy<T>(T[] source, T[] target, int width, int from, int to) =>
        source.AsSpan(from * width, width).CopyTo(target.AsSpan(to * width, width));
}
