using Microsoft.ML.Data;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// One (user, item) row of the default ranker contract (pipelines/ranker/contract.json) as an ML.NET input row.
/// item_category is a one-value vector, the [batch, 1] tensor's row, so ML.NET's stock OnnxTransformer accepts it too.
/// </summary>
internal sealed class RankBenchRow
{
    [ColumnName(RankerInputs.UserFeatures), VectorType(12)]
    public float[] UserFeatures { get; set; } = [];

    [ColumnName(RankerInputs.ItemFeatures), VectorType(8)]
    public float[] ItemFeatures { get; set; } = [];

    [ColumnName(RankerInputs.UserFactors), VectorType(32)]
    public float[] UserFactors { get; set; } = [];

    [ColumnName(RankerInputs.ItemFactors), VectorType(32)]
    public float[] ItemFactors { get; set; } = [];

    [ColumnName(RankerInputs.ItemCategory), VectorType(1)]
    public long[] ItemCategory { get; set; } = [];

    [ColumnName(RankerInputs.BehaviorCategories), VectorType(20)]
    public long[] BehaviorCategories { get; set; } = [];

    [ColumnName(RankerInputs.BehaviorEventTypes), VectorType(20)]
    public long[] BehaviorEventTypes { get; set; } = [];

    [ColumnName(RankerInputs.BehaviorMask), VectorType(20)]
    public float[] BehaviorMask { get; set; } = [];

    /// <summary>Copies this row into row <paramref name="r"/> of <paramref name="b"/> (same layout as the contract's tensors).</summary>
    public void CopyTo(RankerBatch b, int r)
    {
        UserFeatures.CopyTo(b.UserFeatures.AsSpan(r * 12, 12));
        ItemFeatures.CopyTo(b.ItemFeatures.AsSpan(r * 8, 8));
        UserFactors.CopyTo(b.UserFactors.AsSpan(r * 32, 32));
        ItemFactors.CopyTo(b.ItemFactors.AsSpan(r * 32, 32));
        b.ItemCategory[r] = ItemCategory[0];
        BehaviorCategories.CopyTo(b.BehaviorCategories.AsSpan(r * 20, 20));
        BehaviorEventTypes.CopyTo(b.BehaviorEventTypes.AsSpan(r * 20, 20));
        BehaviorMask.CopyTo(b.BehaviorMask.AsSpan(r * 20, 20));
    }

    /// <summary>The rows of <paramref name="b"/>; fails when the contract's widths differ from the attributes above.</summary>
    public static List<RankBenchRow> From(RankerBatch b)
    {
        if (b.UserFeatureCount != 12 || b.ItemFeatureCount != 8 || b.FactorRank != 32 || b.SequenceLength != 20)
        {
            throw new InvalidOperationException("the ranker contract changed: update RankBenchRow's vector sizes.");
        }

        return [.. Enumerable.Range(0, b.Count).Select(r => new RankBenchRow
        {
            UserFeatures = b.UserFeatures.AsSpan(r * 12, 12).ToArray(),
            ItemFeatures = b.ItemFeatures.AsSpan(r * 8, 8).ToArray(),
            UserFactors = b.UserFactors.AsSpan(r * 32, 32).ToArray(),
            ItemFactors = b.ItemFactors.AsSpan(r * 32, 32).ToArray(),
            ItemCategory = [b.ItemCategory[r]],
            BehaviorCategories = b.BehaviorCategories.AsSpan(r * 20, 20).ToArray(),
            BehaviorEventTypes = b.BehaviorEventTypes.AsSpan(r * 20, 20).ToArray(),
            BehaviorMask = b.BehaviorMask.AsSpan(r * 20, 20).ToArray(),
        })];
    }
}
