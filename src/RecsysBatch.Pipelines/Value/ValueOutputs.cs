using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// Builds user_value_scores from the scoring fit and the chosen predictions. A degenerate BG/NBD fit publishes null
/// p_alive and clv (with the flag saying why) rather than the 1.0 and no-dropout CLV such a fit computes; a fit in the
/// homogeneous-dropout limit publishes them (flag bgnbd_homogeneous_dropout).
/// </summary>
internal static class ValueOutputs
{
    /// <param name="fit">The customers of the rows (all, or a shard's) with their figures, clv included.</param>
    /// <param name="predicted">Per customer of <paramref name="fit"/>, the chosen model's prediction.</param>
    /// <param name="tiers">Per customer, the tier cut on all customers' predictions (<see cref="ValueTiers"/>).</param>
    public static OutputTable Scores(EventTable events, ProbabilisticScores fit, double[] predicted, string[] tiers, string model, string?[] flags, bool revenue)
    {
        var rfm = fit.Rfm;
        var ids = rfm.UserKeys.Select(u => events.Users[u]).ToArray();
        var target = revenue ? "revenue" : "purchase_days";
        var degenerate = fit.BgNbd.Degenerate;
        return new OutputTable(ValueTables.UserValueScores,
        [
            new OutputColumn<string>(ids),
            new OutputColumn<string>([.. Enumerable.Repeat(target, rfm.Count)]),
            new OutputColumn<double>(predicted),
            new OutputColumn<double>(fit.ExpectedPurchases),
            new OutputColumn<double>(degenerate ? Unknown(rfm.Count) : fit.PAlive),
            new OutputColumn<double>(fit.ExpectedSpend),
            new OutputColumn<double>(degenerate ? Unknown(rfm.Count) : fit.Clv),
            new OutputColumn<string>(tiers),
            new OutputColumn<string>([.. Enumerable.Repeat(model, rfm.Count)]),
            new OutputColumn<string?>(flags),
        ]);
    }

    /// <summary>NaN is published as NULL.</summary>
    private static double[] Unknown(int count) => [.. Enumerable.Repeat(double.NaN, count)];
}
