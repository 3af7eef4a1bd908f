using RecsysBatch.Pipelines.Evaluation;
using RecsysBatch.Pipelines.Ranking;
using static RecsysBatch.Pipelines.Tests.Ranking.HeldOutLists;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class RankMetricsTests
{
    [TestMethod]
    public void PairedAucDifference_SameScores_IsZeroWithAZeroInterval()
    {
        var (labels, users) = Lists(users: 40, seed: 1);
        var scores = RandomScores(labels.Length, seed: 2);

        var (difference, low, high) = RankMetrics.PairedAucDifference(scores, scores, labels, users, resamples: 200, seed: 3);

        Assert.AreEqual(0.0, difference);
        Assert.AreEqual(0.0, low);
        Assert.AreEqual(0.0, high);
    }

    [TestMethod]
    public void PairedAucDifference_InformativeVsRandom_IntervalExcludesZeroOnManyUsersNotOnFew()
    {
        var (labels, users) = Lists(users: 200, seed: 4);
        var noise = RandomScores(labels.Length, seed: 5);
        var informative = labels.Select((l, r) => l + noise[r]).ToArray(); // ranks positives first, mostly
        var random = RandomScores(labels.Length, seed: 6);

        var many = RankMetrics.PairedAucDifference(informative, random, labels, users, resamples: 300, seed: 7);
        Assert.AreEqual(Metrics.Auc(informative, labels) - Metrics.Auc(random, labels), many.Difference, 1e-12);
        Assert.IsGreaterThan(0.0, many.Low, $"interval [{many.Low}, {many.High}]");
        Assert.IsLessThan(many.High, many.Difference);

        // Three users' lists: the interval is wide and the same seed gives the same interval.
        var few = Enumerable.Range(0, labels.Length).Where(r => users[r] < 3).ToArray();
        var a = RankMetrics.PairedAucDifference([.. few.Select(r => random[r])], [.. few.Select(r => informative[r])], [.. few.Select(r => labels[r])], [.. few.Select(r => users[r])], 300, 7);
        var b = RankMetrics.PairedAucDifference([.. few.Select(r => random[r])], [.. few.Select(r => informative[r])], [.. few.Select(r => labels[r])], [.. few.Select(r => users[r])], 300, 7);
        Assert.AreEqual(a, b);
        Assert.IsGreaterThan(many.High - many.Low, a.High - a.Low);
    }
}
