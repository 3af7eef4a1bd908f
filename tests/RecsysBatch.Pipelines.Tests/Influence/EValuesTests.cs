using RecsysBatch.Pipelines.Influence;

namespace RecsysBatch.Pipelines.Tests.Influence;

/// <summary>E-values against values computed by hand from E = RR + sqrt(RR·(RR − 1)) (RR below 1 inverted first).</summary>
[TestClass]
public sealed class EValuesTests
{
    [TestMethod]
    public void OfRiskRatio_HandComputedRatios_MatchFormula()
    {
        // RR 2: 2 + sqrt(2); RR 0.5 is read as its reciprocal 2; RR 3.9: the worked example of VanderWeele & Ding (7.26).
        Assert.AreEqual(3.414213562373095, EValues.OfRiskRatio(2), 1e-12);
        Assert.AreEqual(3.414213562373095, EValues.OfRiskRatio(0.5), 1e-12);
        Assert.AreEqual(7.26, EValues.OfRiskRatio(3.9), 0.005);
        Assert.AreEqual(1.0, EValues.OfRiskRatio(1), 1e-12);
    }

    [TestMethod]
    public void OfEstimate_PositiveEffectAndInterval_UseRiskRatioAgainstControlRate()
    {
        // p0 0.02, effect +0.02: RR 2 → 3.4142; lower bound +0.01: RR 1.5 → 1.5 + sqrt(0.75) = 2.3660.
        Assert.AreEqual(3.414213562373095, EValues.OfEstimate(0.02, 0.02), 1e-9);
        Assert.AreEqual(2.366025403784439, EValues.OfInterval(0.02, 0.01, 0.03, 0.02), 1e-9);
    }

    [TestMethod]
    public void OfInterval_NegativeEffect_UsesUpperBoundAndReciprocalRatio()
    {
        // p0 0.04, effect −0.02: RR 0.5 → 3.4142; upper bound −0.01: RR 0.75 → 4/3 + sqrt(4/3 · 1/3) = 4/3 + 2/3 = 2.
        Assert.AreEqual(3.414213562373095, EValues.OfEstimate(-0.02, 0.04), 1e-9);
        Assert.AreEqual(2.0, EValues.OfInterval(-0.02, -0.03, -0.01, 0.04), 1e-9);
    }

    [TestMethod]
    public void OfInterval_IntervalContainsZero_IsOne()
    {
        Assert.AreEqual(1.0, EValues.OfInterval(0.02, -0.005, 0.045, 0.02));
        Assert.AreEqual(1.0, EValues.OfInterval(-0.01, -0.03, 0.01, 0.05));
    }

    [TestMethod]
    public void OfEstimate_NoEstimateOrNoBaselineRisk_IsNaN()
    {
        Assert.IsTrue(double.IsNaN(EValues.OfEstimate(double.NaN, 0.02)), "no estimate");
        Assert.IsTrue(double.IsNaN(EValues.OfEstimate(0.01, 0)), "no control purchases: no ratio");
        Assert.IsTrue(double.IsNaN(EValues.OfEstimate(-0.03, 0.02)), "p0 + effect below 0 is no risk");
        Assert.IsTrue(double.IsNaN(EValues.OfInterval(double.NaN, double.NaN, double.NaN, 0.02)), "no interval");
    }
}
