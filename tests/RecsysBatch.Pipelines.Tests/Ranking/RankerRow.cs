using Microsoft.ML.Data;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>One (user, item) row of the small test contract as an ML.NET input row.</summary>
internal sealed class RankerRow
{
    public int Id { get; set; }

    [ColumnName("user_features"), VectorType(3)]
    public float[] UserFeatures { get; set; } = [];

    [ColumnName("item_features"), VectorType(2)]
    public float[] ItemFeatures { get; set; } = [];

    [ColumnName("user_factors"), VectorType(4)]
    public float[] UserFactors { get; set; } = [];

    [ColumnName("item_factors"), VectorType(4)]
    public float[] ItemFactors { get; set; } = [];

    [ColumnName("item_category")]
    public long ItemCategory { get; set; }

    [ColumnName("behavior_categories"), VectorType(5)]
    public long[] BehaviorCategories { get; set; } = [];

    [ColumnName("behavior_event_types"), VectorType(5)]
    public long[] BehaviorEventTypes { get; set; } = [];

    [ColumnName("behavior_mask"), VectorType(5)]
    public float[] BehaviorMask { get; set; } = [];

    public static List<RankerRow> From(RankerBatch b) => [.. Enumerable.Range(0, b.Count).Select(r => new RankerRow
    {
        Id = r,
        UserFeatures = b.UserFeatures.AsSpan(r * 3, 3).ToArray(),
        ItemFeatures = b.ItemFeatures.AsSpan(r * 2, 2).ToArray(),
        UserFactors = b.UserFactors.AsSpan(r * 4, 4).ToArray(),
        ItemFactors = b.ItemFactors.AsSpan(r * 4, 4).ToArray(),
        ItemCategory = b.ItemCategory[r],
        BehaviorCategories = b.BehaviorCategories.AsSpan(r * 5, 5).ToArray(),
        BehaviorEventTypes = b.BehaviorEventTypes.AsSpan(r * 5, 5).ToArray(),
        BehaviorMask = b.BehaviorMask.AsSpan(r * 5, 5).ToArray(),
    })];
}
