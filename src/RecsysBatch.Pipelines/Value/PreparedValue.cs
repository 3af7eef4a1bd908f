namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// What the value stage's preparation leaves for its scoring shards: the fits as of the snapshot (BG/NBD, Gamma-Gamma
/// or the population's fallback spend), the model chosen on the hold-out, and per customer (ascending user key) its
/// predicted value and tier. The tiers are population quantiles of the predicted values, so the predictions of every
/// customer are made here; a shard computes the rest of its customers' rows (P(alive), expected purchases and spend,
/// the clv series, flags).
/// </summary>
internal sealed record PreparedValue(
    BgNbdFitter.Fit BgNbd,
    GammaGammaFitter.Fit? GammaGamma,
    double FallbackSpend,
    string Model,
    int[] UserKeys,
    double[] Predicted,
    byte[] Tiers)
{
    /// <summary>The tier codes by <see cref="Tiers"/> value.</summary>
    public static IReadOnlyList<string> TierNames { get; } = ["A", "B", "C"];
}
