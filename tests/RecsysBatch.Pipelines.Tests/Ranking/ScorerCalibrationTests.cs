using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class ScorerCalibrationTests
{
    [TestMethod]
    public void Fit_SampledNegativesWeightedByInverseRate_RestoresTheBaseRate()
    {
        // 10 positives and 20 negatives drawn from 180 (weight 9 each): the share is 10 / 190, not 10 / 30.
        var scores = new float[30];
        var labels = Enumerable.Range(0, 30).Select(r => r < 10 ? 1f : 0f).ToArray();
        var weights = labels.Select(l => l > 0 ? 1f : 9f).ToArray();

        var calibration = ScorerCalibration.Fit(RankChampion.Mf, scores, labels, weights);

        Assert.AreEqual(10.0 / 190, calibration.Probability(0), 1e-4);
    }

    [TestMethod]
    public void Fit_InformativeScore_RisesWithTheScoreAndMatchesTheWeightedShare()
    {
        var (labels, _) = HeldOutLists.Lists(users: 300, seed: 1);
        var noise = HeldOutLists.RandomScores(labels.Length, seed: 2);
        var scores = labels.Select((l, r) => l + noise[r]).ToArray();
        var weights = labels.Select(l => l > 0 ? 1f : 4f).ToArray();

        var calibration = ScorerCalibration.Fit(RankChampion.Mf, scores, labels, weights);

        Assert.IsGreaterThan(calibration.Probability(0.5), calibration.Probability(1.5));
        // Logistic regression with an intercept: the weighted mean prediction equals the weighted share of positives.
        var mean = scores.Select((s, r) => weights[r] * calibration.Probability(s)).Sum() / weights.Sum();
        Assert.AreEqual(labels.Sum() / labels.Select((l, r) => weights[r]).Sum(), mean, 1e-3);
    }

    [TestMethod]
    public void Fit_ScoreWorseThanChance_DoesNotReverseTheOrder()
    {
        var labels = Enumerable.Range(0, 40).Select(r => r % 4 == 0 ? 1f : 0f).ToArray();
        var scores = labels.Select((l, r) => (l > 0 ? 0f : 1f) + (r * 0.001f)).ToArray(); // positives lowest

        var calibration = ScorerCalibration.Fit(RankChampion.Mf, scores, labels, [.. labels.Select(_ => 1f)]);

        Assert.AreEqual(0.0, calibration.Slope);
        Assert.AreEqual(0.25, calibration.Probability(0), 1e-4);
        Assert.AreEqual(calibration.Probability(0), calibration.Probability(1), 1e-12);
    }
}
