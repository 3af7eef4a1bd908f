namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// One behaviour's true average effect on purchase probability, overall and per top-level segment. Tau is the
/// direct effect (other behaviours held fixed); TotalTau adds the paths the behaviour opens: fav and cart only
/// happen after a click, so a click's total effect is τ_click + P(fav | click)·τ_fav + P(cart | click)·τ_cart.
/// For fav and cart the two are equal.
/// </summary>
public sealed record BehaviorEffect(string Behavior, double Tau, double TotalTau, IReadOnlyList<SegmentEffect> Segments);
