using RecsysBatch.Pipelines.Evaluation;

namespace RecsysBatch.Pipelines.Tests.Evaluation;

[TestClass]
public sealed class MetricsTests
{
    private static readonly double Third = 1 / Math.Log2(3);

    [TestMethod]
    public void NdcgAt_HitsAtPlacesTwoAndThree_IsTheirDiscountOverTheIdeal()
    {
        var ndcg = Metrics.NdcgAt([3, 1, 2], new HashSet<int> { 1, 2 }, k: 3);

        Assert.AreEqual((Third + 0.5) / (1 + Third), ndcg, 1e-15);
        Assert.AreEqual(1.0, Metrics.NdcgAt([1, 2, 3], new HashSet<int> { 1, 2 }, k: 3), 1e-15);
        Assert.AreEqual(0.0, Metrics.NdcgAt([3, 1, 2], new HashSet<int> { 1, 2 }, k: 1), "only the top place counts at k = 1");
        Assert.AreEqual(0.0, Metrics.NdcgAt([3, 1, 2], new HashSet<int>(), k: 3), "no relevant item: 0, not NaN");
    }

    [TestMethod]
    public void IdealDcg_StopsAtTheSmallerOfKAndTheRelevantCount()
    {
        Assert.AreEqual(1 + Third, Metrics.IdealDcg(k: 2, relevant: 5), 1e-15);
        Assert.AreEqual(1.0, Metrics.IdealDcg(k: 10, relevant: 1), 1e-15);
        Assert.AreEqual(0.0, Metrics.IdealDcg(k: 10, relevant: 0));
    }

    [TestMethod]
    public void RecallAt_IsTheShareOfRelevantItemsInTheTopK()
    {
        Assert.AreEqual(0.5, Metrics.RecallAt([5, 6, 7], new HashSet<int> { 6, 9 }, k: 2));
        Assert.AreEqual(0.0, Metrics.RecallAt([5, 6, 7], new HashSet<int> { 6, 9 }, k: 1));
        Assert.AreEqual(0.0, Metrics.RecallAt([5, 6, 7], new HashSet<int>(), k: 3));
    }

    [TestMethod]
    public void Auc_CountsOrderedPairsAndTiesHalf()
    {
        Assert.AreEqual(0.75, Metrics.Auc([0.1f, 0.4f, 0.35f, 0.8f], [0, 0, 1, 1]));
        Assert.AreEqual(0.5, Metrics.Auc([0.3f, 0.3f, 0.3f, 0.3f], [0, 1, 0, 1]));
        Assert.AreEqual(1.0, Metrics.Auc([0.9f, 0.1f], [1, 0]));
        Assert.IsTrue(double.IsNaN(Metrics.Auc([0.2f, 0.4f], [1, 1])), "one class only");
    }

    [TestMethod]
    public void LogLoss_IsTheMeanNegativeLogLikelihood()
    {
        var expected = -(Math.Log(0.9f) + Math.Log(1 - (double)0.2f)) / 2;

        Assert.AreEqual(expected, Metrics.LogLoss([0.9f, 0.2f], [1, 0], Metrics.FloatClip), 1e-15);
        Assert.AreEqual(expected, Metrics.LogLoss([true, false], [0.9f, 0.2f], Metrics.FloatClip), 1e-15, "both shapes, one formula");
        Assert.IsTrue(double.IsNaN(Metrics.LogLoss(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, Metrics.FloatClip)));
        Assert.IsTrue(double.IsNaN(Metrics.LogLoss(Array.Empty<bool>(), Array.Empty<double>(), Metrics.DoubleClip)));
    }

    [TestMethod]
    public void LogLoss_ClipsCertainWrongAnswersAtTheGivenClip()
    {
        Assert.AreEqual(-Math.Log(1e-7), Metrics.LogLoss([0f], [1], Metrics.FloatClip), 1e-9);
        Assert.AreEqual(-Math.Log(1e-12), Metrics.LogLoss([true], [0.0], Metrics.DoubleClip), 1e-9);
        Assert.AreEqual(-Math.Log(1e-12), Metrics.LogLoss([false], [1.0], Metrics.DoubleClip), 1e-3, "1 − (1 − 1e-12) is 1e-12 up to rounding");
    }
}
