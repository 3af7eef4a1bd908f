using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class RankerNetworkTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Backward_EveryParameter_MatchesCentralFiniteDifferences()
    {
        var contract = RankerFixtures.SmallContract();
        var a = new RankerArchitecture(contract, embedding: 3, hidden1: 6, hidden2: 4);
        var batch = RankerFixtures.RandomBatch(contract, rows: 9, seed: 5);
        var labels = RankerFixtures.RandomLabels(9, seed: 6);
        var parameters = RankerInitializer.Initialize<double>(a, seed: 7);
        // Non-zero biases so every term of the backward pass matters.
        var random = new Random(8);
        foreach (var (at, count) in new[] { (a.B1At, a.Hidden1), (a.B2At, a.Hidden2), (a.B3At, 1) })
        {
            for (var i = at; i < at + count; i++)
            {
                parameters[i] = (random.NextDouble() - 0.5) * 0.2;
            }
        }

        var network = new RankerNetwork<double>(a, parameters);
        var act = new RankerActivations<double>(a);
        var analytic = new double[a.ParameterCount];
        for (var row = 0; row < batch.Count; row++)
        {
            var p = network.Forward(batch, row, act);
            network.Backward(batch, row, act, p - labels[row], analytic);
        }

        const double h = 1e-6;
        var worstRelative = 0.0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var saved = parameters[i];
            parameters[i] = saved + h;
            var up = TotalLoss(network, batch, labels, act);
            parameters[i] = saved - h;
            var down = TotalLoss(network, batch, labels, act);
            parameters[i] = saved;
            var numeric = (up - down) / (2 * h);
            var error = Math.Abs(numeric - analytic[i]);
            Assert.IsLessThan(1e-6 * Math.Max(1, Math.Abs(numeric)), error, $"parameter {i}: analytic {analytic[i]}, numeric {numeric}");
            if (Math.Abs(numeric) > 1e-4)
            {
                worstRelative = Math.Max(worstRelative, error / Math.Abs(numeric));
            }
        }

        // Every block receives gradient (the check above would pass trivially for a block that is never used).
        foreach (var (at, count) in new[] { (a.CategoryEmbeddingAt, a.Categories * a.Embedding), (a.EventEmbeddingAt, a.EventTypes * a.Embedding), (a.W1At, a.InputWidth * a.Hidden1), (a.B1At, a.Hidden1), (a.W2At, a.Hidden1 * a.Hidden2), (a.W3At, a.Hidden2), (a.B3At, 1) })
        {
            Assert.IsTrue(analytic.AsSpan(at, count).ToArray().Any(g => Math.Abs(g) > 1e-6), $"block at {at} has no gradient");
        }

        TestContext.WriteLine($"gradient check: {parameters.Length} parameters, max relative error {worstRelative:E2}");
    }

    [TestMethod]
    public void Forward_PaddingBeyondMask_DoesNotChangeProbability()
    {
        var contract = RankerFixtures.SmallContract();
        var a = new RankerArchitecture(contract, embedding: 3, hidden1: 6, hidden2: 4);
        var network = new RankerNetwork<float>(a, RankerInitializer.Initialize<float>(a, seed: 1));
        var batch = RankerFixtures.RandomBatch(contract, rows: 1, seed: 2);
        batch.BehaviorMask[4] = 0f;
        var act = new RankerActivations<float>(a);
        var before = network.Forward(batch, 0, act);
        batch.BehaviorCategories[4] = 9;
        batch.BehaviorEventTypes[4] = 5;
        Assert.AreEqual(before, network.Forward(batch, 0, act));
        batch.BehaviorMask[4] = 1f;
        Assert.AreNotEqual(before, network.Forward(batch, 0, act));
    }

    private static double TotalLoss(RankerNetwork<double> network, RankerBatch batch, float[] labels, RankerActivations<double> act)
    {
        double sum = 0;
        for (var row = 0; row < batch.Count; row++)
        {
            network.Forward(batch, row, act);
            sum += RankerNetwork<double>.Loss(act.Logit, labels[row]);
        }

        return sum;
    }
}
