namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// One behaviour's true average effect on purchase probability, overall and per top-level segment. Tau is the
/// direct effect (other behaviours held fixed); TotalTau adds the paths the behaviour opens: fav and cart only
/// happen after a click, so a click's total effect is τ_click + P(fav | click)·τ_fav + P(cart | click)·τ_cart.
/// For fav and cart the two are equal. NextWindowTau is the effect of the behaviour on the pair in one window on a
/// purchase of the pair in the next window (the influence stage's estimand): 0 by construction, since the generator
/// plants effects only on the purchase decision of the same view (see <see cref="GroundTruthEffects.NextWindowDefinition"/>).
/// </summary>
public sealed record BehaviorEffect(string Behavior, double Tau, double TotalTau, double NextWindowTau, IReadOnlyList<SegmentEffect> Segments);
