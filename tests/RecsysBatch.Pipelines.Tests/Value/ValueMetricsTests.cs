using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

[TestClass]
public sealed class ValueMetricsTests
{
    private static readonly double[] Actual = [0, 0, 1, 3, 0, 8, 2, 0, 0, 5];

    [TestMethod]
    public void Metrics_PerfectOrder_GiveTheirMaxima()
    {
        Assert.AreEqual(1, ValueMetrics.Spearman(Actual, Actual), 1e-12);
        Assert.AreEqual(1, ValueMetrics.NormalizedGini(Actual, Actual), 1e-12);
        Assert.AreEqual(0, ValueMetrics.Mae(Actual, Actual));
        Assert.AreEqual(8 / (Actual.Sum() / Actual.Length), ValueMetrics.TopDecileLift(Actual, Actual), 1e-12);
    }

    [TestMethod]
    public void Metrics_ReversedAndConstant_AreWorseThanRandom()
    {
        var reversed = Actual.Select(a => -a).ToArray();
        var constant = new double[Actual.Length];

        Assert.IsLessThan(0, ValueMetrics.Spearman(reversed, Actual));
        Assert.IsLessThan(0, ValueMetrics.NormalizedGini(reversed, Actual));
        Assert.IsLessThanOrEqualTo(0, ValueMetrics.NormalizedGini(constant, Actual), "ties earn no credit");
        Assert.AreEqual(0, ValueMetrics.TopDecileLift(constant, Actual), "a tied top decile holds the lowest actual");
        Assert.IsTrue(double.IsNaN(ValueMetrics.Spearman(constant, Actual)));
    }

    [TestMethod]
    public void DecileSums_AddUpToTotals()
    {
        double[] predicted = [0.5, 0.1, 1, 2, 0, 6, 2.5, 0.2, 0.3, 4];
        var (p, a) = ValueMetrics.DecileSums(predicted, Actual);

        Assert.AreEqual(predicted.Sum(), p.Sum(), 1e-12);
        Assert.AreEqual(Actual.Sum(), a.Sum(), 1e-12);
        Assert.AreEqual(6, p[0]);
        Assert.AreEqual(8, a[0]);
        Assert.AreEqual(1.5, ValueMetrics.Rmse([1, 2], [2.5, 0.5]), 1e-12);
    }

    [TestMethod]
    public void Tiers_DefaultShares_SplitTenThirtySixty()
    {
        var predicted = Enumerable.Range(0, 50).Select(i => (double)i).ToArray();
        var ids = predicted.Select(p => $"u{p}").ToArray();

        var tiers = ValueTiers.Assign(predicted, ids, 0.1, 0.3);

        Assert.AreEqual(5, tiers.Count(t => t == "A"));
        Assert.AreEqual(15, tiers.Count(t => t == "B"));
        Assert.AreEqual("A", tiers[49]);
        Assert.AreEqual("C", tiers[0]);
    }
}
