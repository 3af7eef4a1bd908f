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

    public static AipwResult Estimate(IReadOnlyList<int> rows, bool[] treated, bool[] outcome, CrossFit fit, int[] cluster, double low, double high, int minArm)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(fit);
        long nT = 0, nC = 0, yT = 0, yC = 0, clipped = 0, insideT = 0, insideC = 0;
        double regression = 0;
        foreach (var r in rows)
        {
            var e = fit.Propensity[r];
            var inside = e >= low && e <= high;
            clipped += inside ? 0 : 1;
            regression += fit.Mu1[r] - fit.Mu0[r];
            if (treated[r])
            {
                nT++;
                yT += outcome[r] ? 1 : 0;
                insideT += inside ? 1 : 0;
            }
            else
            {
                nC++;
                yC += outcome[r] ? 1 : 0;
                insideC += inside ? 1 : 0;
            }
        }

        var naive = nT > 0 && nC > 0 ? ((double)yT / nT) - ((double)yC / nC) : double.NaN;
        var note = nT == 0 ? "no treated units"
            : nC == 0 ? "no control units"
            : insideT < minArm || insideC < minArm
                ? $"no overlap after trimming: {insideT} treated and {insideC} control units have a propensity inside [{low}, {high}], fewer than minArmUnits ({minArm})"
                : null;
        var quantT = ArmQuantiles(rows, treated, fit.Propensity, true);
        var quantC = ArmQuantiles(rows, treated, fit.Propensity, false);
        if (note is not null)
        {
            return new AipwResult(double.NaN, double.NaN, naive, double.NaN, nT, nC, double.NaN, double.NaN, double.NaN, quantT, quantC, note);
        }

        var psi = new double[rows.Count];
        double sumWT = 0, sumW2T = 0, sumWC = 0, sumW2C = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var e = Math.Clamp(fit.Propensity[r], low, high);
            var y = outcome[r] ? 1.0 : 0.0;
            var m1 = fit.Mu1[r];
            var m0 = fit.Mu0[r];
            if (treated[r])
            {
                psi[i] = m1 - m0 + ((y - m1) / e);
                sumWT += 1 / e;
                sumW2T += 1 / (e * e);
            }
            else
            {
                psi[i] = m1 - m0 - ((y - m0) / (1 - e));
                sumWC += 1 / (1 - e);
                sumW2C += 1 / ((1 - e) * (1 - e));
            }
        }

        var theta = psi.Average();
        var se = ClusteredStandardError(rows, psi, theta, cluster);
        return new AipwResult(theta, se, naive, regression / rows.Count, nT, nC, (double)clipped / rows.Count,
            sumWT * sumWT / sumW2T, sumWC * sumWC / sumW2C, quantT, quantC, null);
    }

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
