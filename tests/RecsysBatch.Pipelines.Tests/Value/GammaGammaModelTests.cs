using MathNet.Numerics;
using MathNet.Numerics.Integration;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>The Gamma-Gamma closed forms against one-dimensional integrals over ν.</summary>
[TestClass]
public sealed class GammaGammaModelTests
{
    /// <summary>The published CDNOW spend fit (Fader, Hardie &amp; Lee 2005, "RFM and CLV").</summary>
    private static readonly GammaGammaParameters Cdnow = new(6.25, 3.74, 15.44);

    [TestMethod]
    [DataRow(1, 20.0)]
    [DataRow(3, 35.5)]
    [DataRow(12, 80.0)]
    public void LogLikelihoodAndExpectedSpend_MatchIntegralsOverNu(int x, double meanSpend)
    {
        // The mean of x Gamma(p, ν) spends is Gamma(px, νx); ν ~ Gamma(q, γ).
        double Density(double nu) =>
            Math.Exp((Cdnow.P * x * Math.Log(nu * x)) + (((Cdnow.P * x) - 1) * Math.Log(meanSpend)) - (nu * x * meanSpend) - SpecialFunctions.GammaLn(Cdnow.P * x)
                + (Cdnow.Q * Math.Log(Cdnow.Gamma)) + ((Cdnow.Q - 1) * Math.Log(nu)) - (Cdnow.Gamma * nu) - SpecialFunctions.GammaLn(Cdnow.Q));

        var upper = 60 * (Cdnow.P * x + Cdnow.Q) / (Cdnow.Gamma + (x * meanSpend));
        double Integral(Func<double, double> f) =>
            Enumerable.Range(0, 200).Sum(k => GaussLegendreRule.Integrate(f, upper * k / 200, upper * (k + 1) / 200, 16));

        var likelihood = Integral(Density);
        var meanOfSpend = Integral(nu => Density(nu) * Cdnow.P / nu) / likelihood;

        Assert.AreEqual(Math.Log(likelihood), GammaGammaModel.LogLikelihood(Cdnow, x, meanSpend), 1e-8);
        Assert.AreEqual(meanOfSpend, GammaGammaModel.ExpectedSpend(Cdnow, x, meanSpend), 1e-7 * meanOfSpend);
    }

    [TestMethod]
    public void ExpectedSpend_NoRepeatSpend_IsPopulationMeanAndQAtMostOneIsNaN()
    {
        Assert.AreEqual(Cdnow.P * Cdnow.Gamma / (Cdnow.Q - 1), GammaGammaModel.ExpectedSpend(Cdnow, 0, double.NaN), 1e-12);
        Assert.IsTrue(double.IsNaN(GammaGammaModel.ExpectedSpend(Cdnow with { Q = 0.9 }, 2, 30)));
    }
}
