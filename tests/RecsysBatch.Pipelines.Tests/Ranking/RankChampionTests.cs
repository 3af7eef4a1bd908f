using RecsysBatch.Pipelines.Ranking;
using static RecsysBatch.Pipelines.Tests.Ranking.HeldOutLists;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class RankChampionTests
{
    [TestMethod]
    public void Choose_PopularityBeatsRankerOnHeldOutRows_PicksPopularityDecided()
    {
        var (labels, users) = Lists(users: 200, seed: 1);
        var noise = RandomScores(labels.Length, seed: 2);
        var popularity = labels.Select((l, r) => (2 * l) + noise[r]).ToArray(); // positives first, mostly
        var scorers = new Dictionary<string, float[]>
        {
            [RankChampion.Ranker] = RandomScores(labels.Length, seed: 3),
            [RankChampion.Mf] = RandomScores(labels.Length, seed: 4),
            [RankChampion.Popularity] = popularity,
        };

        var choice = RankChampion.Choose(scorers, labels, users, resamples: 200, seed: 5);

        Assert.AreEqual(RankChampion.Popularity, choice.Scorer);
        Assert.IsFalse(choice.Undecided);
        Assert.AreEqual(RankChampion.Popularity, choice.Best);
        Assert.IsGreaterThan(0.0, choice.Low, $"interval [{choice.Low}, {choice.High}]");
        Assert.AreEqual(choice.Auc[RankChampion.Popularity] - choice.Auc[choice.RunnerUp], choice.Difference, 1e-12);
    }

    [TestMethod]
    public void Choose_NearlyEqualBestTwo_IsUndecidedAndTheBestStillOrders()
    {
        var (labels, users) = Lists(users: 200, seed: 6);
        var noise = RandomScores(labels.Length, seed: 7);
        var jitter = RandomScores(labels.Length, seed: 8);
        var ranker = labels.Select((l, r) => l + noise[r]).ToArray();
        var popularity = ranker.Select((s, r) => s + (0.02f * jitter[r])).ToArray(); // almost the same order
        var scorers = new Dictionary<string, float[]>
        {
            [RankChampion.Ranker] = ranker,
            [RankChampion.Mf] = RandomScores(labels.Length, seed: 9),
            [RankChampion.Popularity] = popularity,
        };

        var choice = RankChampion.Choose(scorers, labels, users, resamples: 200, seed: 10);

        Assert.IsTrue(choice.Undecided, $"{choice.Best} − {choice.RunnerUp} = {choice.Difference} [{choice.Low}, {choice.High}]");
        Assert.IsLessThanOrEqualTo(0.0, choice.Low);
        Assert.IsGreaterThanOrEqualTo(0.0, choice.High);
        // Flagged, not overruled: the best of the two near-equal scorers orders the lists.
        Assert.AreEqual(choice.Best, choice.Scorer);
        Assert.AreNotEqual(RankChampion.Mf, choice.Scorer, "MF is clearly worse than both");
    }

    [TestMethod]
    public void Choose_SameSeed_SameChoiceAndInterval()
    {
        var (labels, users) = Lists(users: 60, seed: 11);
        var scorers = new Dictionary<string, float[]>
        {
            [RankChampion.Ranker] = RandomScores(labels.Length, seed: 12),
            [RankChampion.Mf] = RandomScores(labels.Length, seed: 13),
            [RankChampion.Popularity] = RandomScores(labels.Length, seed: 14),
        };

        var a = RankChampion.Choose(scorers, labels, users, resamples: 100, seed: 15);
        var b = RankChampion.Choose(scorers, labels, users, resamples: 100, seed: 15);

        Assert.AreEqual((a.Scorer, a.Undecided, a.Difference, a.Low, a.High), (b.Scorer, b.Undecided, b.Difference, b.Low, b.High));
    }
}
