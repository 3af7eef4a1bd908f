namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// The planted funnel: per viewed item, click/fav/cart/purchase probabilities from the item's affinity to the
/// user (through s = sigmoid(affinity − center)) and the user's purchase propensity ρ. Purchase is additive on
/// the probability scale: base(s, ρ) + factor(segment)·(τ_click·click + τ_fav·fav + τ_cart·cart), so each
/// behaviour's causal effect is exactly factor·τ for every viewed pair. ρ also raises fav and cart, which
/// confounds a naive comparison of purchase rates with and without them.
/// </summary>
internal static class FunnelModel
{
    public const double AffinityCenter = 0.5;
    public const double ClickBase = 0.08;
    public const double ClickAffinity = 0.37;
    public const double FavBase = 0.04;
    public const double FavAffinity = 0.12;
    public const double FavPropensity = 0.20;
    public const double CartBase = 0.06;
    public const double CartAffinity = 0.20;
    public const double CartPropensity = 0.30;
    public const double PurchaseBase = 0.002;
    public const double PurchaseAffinity = 0.025;
    public const double PurchasePropensity = 0.06;

    /// <summary>Largest possible base purchase probability (s = ρ = 1): Σ τ·factor must fit above it.</summary>
    public const double MaxBase = PurchaseBase + PurchaseAffinity + PurchasePropensity;

    /// <summary>ρ ~ Beta(a, b): most users browse, a few buy a lot.</summary>
    public const double PropensityBetaA = 2.0;
    public const double PropensityBetaB = 5.0;

    /// <summary>Top-level segments (category index mod 2) get different effect sizes: per-segment truth differs.</summary>
    public const int SegmentCount = 2;
    public const double MaxSegmentFactor = 1.2;

    public static double SegmentFactor(int segment) => segment == 0 ? MaxSegmentFactor : 0.8;

    public static int SegmentOf(int category) => category % SegmentCount;

    public static string SegmentName(int segment) => "top" + segment.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static double Squash(double affinity) => 1 / (1 + Math.Exp(-(affinity - AffinityCenter)));

    public static double Click(double s) => ClickBase + (ClickAffinity * s);

    public static double Fav(double s, double propensity) => FavBase + (FavAffinity * s) + (FavPropensity * propensity);

    public static double Cart(double s, double propensity) => CartBase + (CartAffinity * s) + (CartPropensity * propensity);

    public static double Base(double s, double propensity) => PurchaseBase + (PurchaseAffinity * s) + (PurchasePropensity * propensity);
}
