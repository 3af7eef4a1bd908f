namespace RecsysBatch.Pipelines.Ranking;

/// <summary>The tensor names of pipelines/ranker/contract.json.</summary>
internal static class RankerInputs
{
    public const string UserFeatures = "user_features";
    public const string ItemFeatures = "item_features";
    public const string UserFactors = "user_factors";
    public const string ItemFactors = "item_factors";
    public const string ItemCategory = "item_category";
    public const string BehaviorCategories = "behavior_categories";
    public const string BehaviorEventTypes = "behavior_event_types";
    public const string BehaviorMask = "behavior_mask";
    public const string Probability = "probability";

    /// <summary>Input order used by <see cref="RankerBatch"/> and the exported graph.</summary>
    public static IReadOnlyList<string> All { get; } =
        [UserFeatures, ItemFeatures, UserFactors, ItemFactors, ItemCategory, BehaviorCategories, BehaviorEventTypes, BehaviorMask];
}
