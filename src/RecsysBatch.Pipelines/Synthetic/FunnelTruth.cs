namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// Funnel probabilities per viewed item, with s = sigmoid(affinity − AffinityCenter) and ρ the user's propensity:
/// click = ClickBase + ClickAffinity·s; fav|click = FavBase + FavAffinity·s + FavPropensity·ρ (cart likewise);
/// purchase = PurchaseBase + PurchaseAffinity·s + PurchasePropensity·ρ + factor(segment)·Σ τ·behaviour.
/// </summary>
public sealed record FunnelTruth(
    double AffinityCenter,
    double ClickBase,
    double ClickAffinity,
    double FavBase,
    double FavAffinity,
    double FavPropensity,
    double CartBase,
    double CartAffinity,
    double CartPropensity,
    double PurchaseBase,
    double PurchaseAffinity,
    double PurchasePropensity,
    double PropensityBetaA,
    double PropensityBetaB,
    IReadOnlyList<SegmentFactor> SegmentFactors);
