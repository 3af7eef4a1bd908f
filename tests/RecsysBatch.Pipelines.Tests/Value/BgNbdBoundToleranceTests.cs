using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>A fit that stopped just short of the optimiser's box is at the bound all the same.</summary>
[TestClass]
public sealed class BgNbdBoundToleranceTests
{
    [TestMethod]
    public void Fit_AStoppedJustInsideTheBox_IsAtTheBoundAndDegenerate()
    {
        // The Online Retail preset's value fit: a = 6.5e-6 (log -11.94, the box is ±12): P(alive) was 1.0 for everyone.
        var fit = new BgNbdFitter.Fit(new BgNbdParameters(0.8234, 15.49, 6.5086e-6, 108468), -17344.76, 3016, 4);

        Assert.IsTrue(fit.AtBound);
        Assert.IsFalse(fit.HomogeneousDropout, "a → 0 is no dropout seen, not one dropout probability for all");
        Assert.IsTrue(fit.Degenerate);
    }

    [TestMethod]
    public void Fit_InteriorParameters_NotAtTheBound()
    {
        // The paper's CDNOW estimates.
        var fit = new BgNbdFitter.Fit(new BgNbdParameters(0.243, 4.414, 0.793, 2.426), -9582.4, 2357, 4);

        Assert.IsFalse(fit.AtBound);
        Assert.IsFalse(fit.Degenerate);
    }
}
