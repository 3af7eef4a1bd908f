using MathNet.Numerics;

namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way": likelihood (eq. 6,
/// in log space), P(alive) and the conditional expectation of transactions in (T, T + t] (eq. 10, with 2F1).
/// </summary>
internal static class BgNbdModel
{
    /// <summary>
    /// ln L(r, alpha, a, b | x, t_x, T) = ln Γ(r+x) − ln Γ(r) + r ln α + ln[ B(a, b+x)/B(a, b) (α+T)^−(r+x)
    /// + 1{x&gt;0} B(a+1, b+x−1)/B(a, b) (α+t_x)^−(r+x) ], the bracket summed with log-sum-exp.
    /// </summary>
    public static double LogLikelihood(BgNbdParameters p, double x, double tx, double age)
    {
        ArgumentNullException.ThrowIfNull(p);
        var lnBab = SpecialFunctions.BetaLn(p.A, p.B);
        var a1 = SpecialFunctions.GammaLn(p.R + x) - SpecialFunctions.GammaLn(p.R) + (p.R * Math.Log(p.Alpha));
        var a2 = SpecialFunctions.BetaLn(p.A, p.B + x) - lnBab - ((p.R + x) * Math.Log(p.Alpha + age));
        if (x <= 0)
        {
            return a1 + a2;
        }

        var a3 = SpecialFunctions.BetaLn(p.A + 1, p.B + x - 1) - lnBab - ((p.R + x) * Math.Log(p.Alpha + tx));
        var max = Math.Max(a2, a3);
        return a1 + max + Math.Log(Math.Exp(a2 - max) + Math.Exp(a3 - max));
    }

    /// <summary>
    /// Sum of the customers' log-likelihoods, once per distinct (x, t_x, T); the terms that depend on x only
    /// (the Γ and B functions) once per distinct x. Same value as summing <see cref="LogLikelihood"/>.
    /// </summary>
    public static double TotalLogLikelihood(BgNbdParameters p, RfmGroups groups)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(groups);
        var lnBab = SpecialFunctions.BetaLn(p.A, p.B);
        var lnGr = SpecialFunctions.GammaLn(p.R);
        var lnAlpha = Math.Log(p.Alpha);
        var distinct = groups.DistinctX;
        var head = new double[distinct.Length];
        var alive = new double[distinct.Length];
        var dead = new double[distinct.Length];
        for (var k = 0; k < distinct.Length; k++)
        {
            var x = distinct[k];
            head[k] = SpecialFunctions.GammaLn(p.R + x) - lnGr + (p.R * lnAlpha);
            alive[k] = SpecialFunctions.BetaLn(p.A, p.B + x) - lnBab;
            dead[k] = x > 0 ? SpecialFunctions.BetaLn(p.A + 1, p.B + x - 1) - lnBab : double.NaN;
        }

        double total = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            var k = groups.XIndex[g];
            var rx = p.R + groups.X[g];
            var a2 = alive[k] - (rx * Math.Log(p.Alpha + groups.Age[g]));
            double ll;
            if (groups.X[g] <= 0)
            {
                ll = head[k] + a2;
            }
            else
            {
                var a3 = dead[k] - (rx * Math.Log(p.Alpha + groups.Tx[g]));
                var max = Math.Max(a2, a3);
                ll = head[k] + max + Math.Log(Math.Exp(a2 - max) + Math.Exp(a3 - max));
            }

            total += groups.Weight[g] * ll;
        }

        return total;
    }

    /// <summary>P(alive | x, t_x, T) = 1 / (1 + 1{x&gt;0} a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).</summary>
    public static double PAlive(BgNbdParameters p, double x, double tx, double age)
    {
        ArgumentNullException.ThrowIfNull(p);
        return 1 / (1 + DeathOdds(p, x, tx, age));
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
    /// / (1 + 1{x&gt;0} a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
    /// </summary>
    public static double ExpectedPurchases(BgNbdParameters p, double x, double tx, double age, double t)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (t <= 0)
        {
            return 0;
        }

        // The closed form divides by a − 1; at a = 1 exactly it is a removable singularity.
        var a = Math.Abs(p.A - 1) < 1e-9 ? 1 + 1e-9 : p.A;
        var z = t / (p.Alpha + age + t);
        var hyper = Hypergeometric.F21(p.R + x, p.B + x, a + p.B + x - 1, z);
        var scale = Math.Exp((p.R + x) * (Math.Log(p.Alpha + age) - Math.Log(p.Alpha + age + t)));
        var alive = (a + p.B + x - 1) / (a - 1) * (1 - (scale * hyper));
        return Math.Max(0, alive / (1 + DeathOdds(p, x, tx, age)));
    }

    private static double DeathOdds(BgNbdParameters p, double x, double tx, double age) =>
        x <= 0 ? 0 : Math.Exp(Math.Log(p.A) - Math.Log(p.B + x - 1) + ((p.R + x) * (Math.Log(p.Alpha + age) - Math.Log(p.Alpha + tx))));
}
