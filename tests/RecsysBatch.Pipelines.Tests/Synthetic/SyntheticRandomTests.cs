using RecsysBatch.Pipelines.Synthetic;

namespace RecsysBatch.Pipelines.Tests.Synthetic;

[TestClass]
public sealed class SyntheticRandomTests
{
    [TestMethod]
    public void NextGamma_ManyDraws_MeanIsShapeOverRate()
    {
        var random = new SyntheticRandom(5, 1);
        foreach (var (shape, rate) in new[] { (0.5, 2.0), (2.0, 3.5), (6.0, 0.25) })
        {
            var mean = Enumerable.Range(0, 40_000).Average(_ => random.NextGamma(shape, rate));
            Assert.AreEqual(shape / rate, mean, 0.03 * shape / rate, $"Gamma({shape}, {rate})");
        }
    }

    [TestMethod]
    public void AliasTable_Sample_FrequenciesFollowWeights()
    {
        var weights = new[] { 5.0, 0.0, 1.0, 3.0, 1.0 };
        var table = new AliasTable(weights, [10, 11, 12, 13, 14]);
        var random = new SyntheticRandom(9, 3);
        var counts = new int[weights.Length];
        const int Draws = 100_000;

        for (var i = 0; i < Draws; i++)
        {
            counts[table.Sample(random) - 10]++;
        }

        for (var k = 0; k < weights.Length; k++)
        {
            Assert.AreEqual(weights[k] / weights.Sum(), counts[k] / (double)Draws, 0.01, $"index {k}");
        }
    }

    [TestMethod]
    public void NextUInt64_SameSeedAndStream_SameSequenceOtherStreamDiffers()
    {
        var a = new SyntheticRandom(42, 1);
        var b = new SyntheticRandom(42, 1);
        var c = new SyntheticRandom(42, 2);
        var first = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToList();

        CollectionAssert.AreEqual(first, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()).ToList());
        CollectionAssert.AreNotEqual(first, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()).ToList());
    }
}
