using RecsysBatch.Pipelines.Evaluation;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class WeightedAucTests
{
    [TestMethod]
    public void Of_IntegerWeights_EqualsTheAucOfTheRowsRepeatedToTheLastBit()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 50; trial++)
        {
            var n = random.Next(1, 60);
            // Few distinct scores (many ties) and some NaN, as the mid-rank and NaN rules must both match.
            var scores = Enumerable.Range(0, n).Select(_ => random.Next(10) == 0 ? float.NaN : random.Next(6) / 5f).ToArray();
            var labels = Enumerable.Range(0, n).Select(_ => random.Next(3) == 0 ? 1f : 0f).ToArray();
            var weight = Enumerable.Range(0, n).Select(_ => random.Next(4)).ToArray();
            var rows = Enumerable.Range(0, n).SelectMany(r => Enumerable.Repeat(r, weight[r])).ToArray();

            var expected = Metrics.Auc([.. rows.Select(r => scores[r])], [.. rows.Select(r => labels[r])]);

            Assert.AreEqual(expected, new WeightedAuc(scores, labels).Of(weight), $"trial {trial}");
        }
    }

    [TestMethod]
    public void Of_OneClassOnly_IsNaN()
    {
        var auc = new WeightedAuc([0.1f, 0.5f, 0.9f], [1f, 0f, 1f]);
        Assert.IsTrue(double.IsNaN(auc.Of([1, 0, 2])));
        Assert.AreEqual(0.0, auc.Of([1, 1, 0]), "the positive 0.1 below the negative 0.5");
        Assert.AreEqual(0.5, auc.Of([1, 1, 1]), "one positive above, one below the negative");
    }
}
