namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The AIPW (doubly robust) estimate of the average treatment effect over a set of units, from cross-fitted
/// nuisances: ψ_i = m1 − m0 + T (Y − m1)/e − (1 − T)(Y − m0)/(1 − e), θ = mean ψ, with e clipped to [low, high].
/// Its standard error is that of the mean of ψ, clustered by user (one user's pairs are not independent):
/// SE² = Σ_g (Σ_{i∈g} (ψ_i − θ))² / n².
/// </summary>
internal static class AipwEstimator
{
    public static readonly double[] Quantiles = [0.05, 0.25, 0.5, 0.75, 0.95];

    public static AipwResult Estimate(IReadOnlyList<int> rows, bool[] treated, bool[] outcome, CrossFit fit, int[] cluster, double low, double high, int minArm, int minOutcomes)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(fit);
        var support = ArmSupport.Count(rows, treated, outcome, fit.Propensity, low, high);
        var flags = InfluenceFlags.Of(support, minArm, minOutcomes);
        var quantT = ArmQuantiles(rows, treated, fit.Propensity, true);
        var quantC = ArmQuantiles(rows, treated, fit.Propensity, false);
        if (Unsupported(support, low, high, minArm, minOutcomes) is { } note)
        {
            return new AipwResult(double.NaN, double.NaN, double.NaN, support, quantT, quantC, flags, note);
        }

        var psi = new double[rows.Count];
        double regression = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var e = Math.Clamp(fit.Propensity[r], low, high);
            var y = outcome[r] ? 1.0 : 0.0;
            var m1 = fit.Mu1[r];
            var m0 = fit.Mu0[r];
            regression += m1 - m0;
            psi[i] = treated[r] ? m1 - m0 + ((y - m1) / e) : m1 - m0 - ((y - m0) / (1 - e));
        }

        var theta = psi.Average();
        var se = ClusteredStandardError(rows, psi, theta, cluster);
        return new AipwResult(theta, se, regression / rows.Count, support, quantT, quantC, flags, null);
    }

    /// <summary>
    /// Why the row gets no estimate, or null. Too few purchases in an arm leave the outcome models and the score
    /// nothing to learn from: with 0 treated purchases ψ still averages to a number, with an interval the data cannot support.
    /// </summary>
    private static string? Unsupported(ArmSupport s, double low, double high, int minArm, int minOutcomes) =>
        s.TreatedUnits == 0 ? "no treated units"
        : s.ControlUnits == 0 ? "no control units"
        : s.InsideTreated < minArm || s.InsideControl < minArm
            ? $"no overlap after trimming: {s.InsideTreated} treated and {s.InsideControl} control units have a propensity inside [{low}, {high}], fewer than minArmUnits ({minArm})"
        : InfluenceFlags.HasFewOutcomes(s, minOutcomes)
            ? $"few outcomes: {s.TreatedOutcomes} treated and {s.ControlOutcomes} control purchases, fewer than minOutcomesPerArm ({minOutcomes}) in an arm"
        : null;

    /// <summary>sqrt(Σ_g (Σ_{i∈g} (ψ_i − θ))²) / n: the influence-function standard error of a mean with clusters g.</summary>
    public static double ClusteredStandardError(IReadOnlyList<int> rows, double[] psi, double theta, int[] cluster)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(psi);
        ArgumentNullException.ThrowIfNull(cluster);
        var sums = new Dictionary<int, double>();
        for (var i = 0; i < rows.Count; i++)
        {
            var g = cluster[rows[i]];
            sums[g] = sums.GetValueOrDefault(g) + (psi[i] - theta);
        }

        var total = sums.Values.Sum(s => s * s);
        return Math.Sqrt(total) / rows.Count;
    }

    private static double[] ArmQuantiles(IReadOnlyList<int> rows, bool[] treated, double[] propensity, bool arm)
    {
        var values = rows.Where(r => treated[r] == arm).Select(r => propensity[r]).Order().ToArray();
        return [.. Quantiles.Select(q => values.Length == 0 ? double.NaN : values[(int)Math.Round(q * (values.Length - 1))])];
    }
}
