using MathNet.Numerics;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>
/// The fitter against the BG/NBD process itself at the CDNOW estimates of Fader, Hardie &amp; Lee (2005): the
/// log-likelihood of a few customers equals the paper's closed form (eq. 6) written out here and an independently
/// computed reference, and simulated purchase-level dropout gives back the parameters within sampling error.
/// </summary>
[TestClass]
public sealed class BgNbdCdnowRecoveryTests
{
    private static readonly BgNbdParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    /// <summary>
    /// Reference values computed outside .NET (Python math.lgamma, the same eq. 6 in product form); the x = 0 one by
    /// hand: (α / (α + T))^r = (4.414 / 43.274)^0.243, ln = 0.243 · ln 0.10200 = −0.55471.
    /// </summary>
    [TestMethod]
    [DataRow(0.0, 0.0, 38.86, -0.5547132764381584)]
    [DataRow(1.0, 5.0, 38.86, -4.863923083754061)]
    [DataRow(2.0, 30.43, 38.86, -9.45860630706627)]
    public void LogLikelihood_TinyCases_MatchPaperClosedFormAndReference(double x, double tx, double age, double reference)
    {
        var p = Cdnow;

        // Eq. 6: L = Γ(r+x) α^r / Γ(r) · [B(a, b+x)/B(a, b) (α+T)^−(r+x) + 1{x>0} B(a+1, b+x−1)/B(a, b) (α+t_x)^−(r+x)].
        var head = SpecialFunctions.Gamma(p.R + x) * Math.Pow(p.Alpha, p.R) / SpecialFunctions.Gamma(p.R);
        var alive = SpecialFunctions.Beta(p.A, p.B + x) / SpecialFunctions.Beta(p.A, p.B) * Math.Pow(p.Alpha + age, -(p.R + x));
        var dead = x > 0 ? SpecialFunctions.Beta(p.A + 1, p.B + x - 1) / SpecialFunctions.Beta(p.A, p.B) * Math.Pow(p.Alpha + tx, -(p.R + x)) : 0;
        var closedForm = Math.Log(head * (alive + dead));

        Assert.AreEqual(reference, closedForm, 1e-9, "the closed form written here against the reference");
        Assert.AreEqual(reference, BgNbdModel.LogLikelihood(p, x, tx, age), 1e-9, "the stage's log-space likelihood");
        Assert.AreEqual(reference, BgNbdModel.TotalLogLikelihood(p, RfmGroups.From([x], [tx], [age])), 1e-9, "the grouped likelihood the fitter maximises");
    }

    [TestMethod]
    public void Fit_CdnowParametersPurchaseLevelDropout_RecoveredWithinFourStandardErrors()
    {
        // 3,000 customers observed 27 to 39 weeks after their first purchase (CDNOW: 2,357 customers, 27-39 weeks).
        var random = new Random(2005);
        var customers = Enumerable.Range(0, 3000)
            .Select(_ => BtydSimulator.Draw(random, Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B, 27 + (12 * random.NextDouble())))
            .ToList();
        double[] x = [.. customers.Select(c => c.X)], tx = [.. customers.Select(c => c.Tx)], age = [.. customers.Select(c => c.T)];

        var fit = BgNbdFitter.Run(x, tx, age, starts: 6, seed: 1);

        Assert.IsFalse(fit.AtBound, $"an interior optimum: {fit.Parameters}");
        Assert.IsFalse(fit.Degenerate);
        var groups = RfmGroups.From(x, tx, age);
        double[] theta = [.. new[] { fit.Parameters.R, fit.Parameters.Alpha, fit.Parameters.A, fit.Parameters.B }.Select(v => Math.Log(v))];
        var se = NumericHessian.StandardErrors(t => BgNbdModel.TotalLogLikelihood(BgNbdParameters.FromLog(t), groups), theta);
        double[] truth = [.. new[] { Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B }.Select(v => Math.Log(v))];
        for (var i = 0; i < 4; i++)
        {
            Assert.IsLessThan(4 * se[i], Math.Abs(theta[i] - truth[i]), $"parameter {i}: ln estimate {theta[i]:F3}, ln truth {truth[i]:F3}, se {se[i]:F3}");
            Assert.IsLessThan(0.6, se[i], $"parameter {i} is pinned down (se {se[i]:F3} on the log scale)");
        }

        Assert.IsGreaterThanOrEqualTo(BgNbdModel.TotalLogLikelihood(Cdnow, groups), fit.LogLikelihood, "the optimum is at least the truth's likelihood");
    }
}
