using System.Text.Json.Serialization;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// The planted causal effects of click, fav and cart on purchase, on the risk-difference scale. The model is
/// additive, so the effect is exact for every viewed (user, item) pair: τ·factor(segment of the item's category);
/// <see cref="BehaviorEffect.Tau"/> is its average over the distinct viewed pairs of the generated data.
/// <see cref="CarryOver"/> is set (and NextWindowTau non-zero) only when the carry-over option is on.
/// </summary>
public sealed record GroundTruthEffects(
    string Scale,
    bool Exact,
    string Definition,
    string NextWindowDefinition,
    long ViewedPairs,
    IReadOnlyList<BehaviorEffect> Behaviors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CarryOverEffect? CarryOver = null);
