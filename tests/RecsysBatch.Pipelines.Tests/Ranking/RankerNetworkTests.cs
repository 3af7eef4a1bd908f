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

        // Every block receives gradient (the check above would pass trivially for a block that is never used), and so do
        // the first-layer weights of the MF interaction inputs (dot product and norms, adjacent rows of W1).
        var factorWeightsAt = a.W1At + (a.DotOffset * a.Hidden1);
        foreach (var (at, count) in new[] { (a.CategoryEmbeddingAt, a.Categories * a.Embedding), (a.EventEmbeddingAt, a.EventTypes * a.Embedding), (a.W1At, a.InputWidth * a.Hidden1), (factorWeightsAt, 3 * a.Hidden1), (a.B1At, a.Hidden1), (a.W2At, a.Hidden1 * a.Hidden2), (a.W3At, a.Hidden2), (a.B3At, 1) })
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

    [TestMethod]
    public void Forward_CategoryMatchShare_CountsMaskedEventsInTheItemsKnownCategory()
    {
        var contract = RankerFixtures.SmallContract();
        var a = new RankerArchitecture(contract, embedding: 3, hidden1: 6, hidden2: 4);
        var network = new RankerNetwork<double>(a, RankerInitializer.Initialize<double>(a, seed: 6));
        var batch = RankerFixtures.RandomBatch(contract, rows: 1, seed: 7);
        Assert.AreEqual(5, a.SequenceLength);
        long[] categories = [4, 2, 4, 0, 4]; // four real events (one of unknown category) and one padding slot in category 4
        float[] mask = [1, 1, 1, 1, 0];
        categories.CopyTo(batch.BehaviorCategories, 0);
        mask.CopyTo(batch.BehaviorMask, 0);
        var act = new RankerActivations<double>(a);
        batch.ItemCategory[0] = 4;
        network.Forward(batch, 0, act);
        Assert.AreEqual(2.0 / 4, act.X[a.MatchOffset], 1e-12);

        batch.ItemCategory[0] = 0; // an unknown category matches nothing, not even the unknown-category event
        network.Forward(batch, 0, act);
        Assert.AreEqual(0.0, act.X[a.MatchOffset]);

        batch.ItemCategory[0] = 2;
        network.Forward(batch, 0, act);
        Assert.AreEqual(1.0 / 4, act.X[a.MatchOffset], 1e-12);
    }

    [TestMethod]
    public void Forward_FactorsRotatedTogether_KeepsTheProbabilityAndTheDotProductInput()
    {
        // ALS factors are defined only up to a rotation shared by users and items, and the ranker is trained on anchor
        // models and scored with the snapshot model: it must see the factors only through rotation-invariant inputs.
        var contract = RankerFixtures.SmallContract();
        var a = new RankerArchitecture(contract, embedding: 3, hidden1: 6, hidden2: 4);
        var network = new RankerNetwork<double>(a, RankerInitializer.Initialize<double>(a, seed: 3));
        var batch = RankerFixtures.RandomBatch(contract, rows: 6, seed: 4);
        var act = new RankerActivations<double>(a);
        var before = new double[batch.Count];
        for (var row = 0; row < batch.Count; row++)
        {
            before[row] = network.Forward(batch, row, act);
            double dot = 0;
            for (var k = 0; k < a.Rank; k++)
            {
                dot += (double)batch.UserFactors[(row * a.Rank) + k] * batch.ItemFactors[(row * a.Rank) + k];
            }

            Assert.AreEqual(dot, act.X[a.DotOffset], 1e-12, $"row {row}: the MLP input holds u·v");
        }

        var rotation = RandomRotation(a.Rank, new Random(5));
        Rotate(batch.UserFactors, rotation, a.Rank);
        Rotate(batch.ItemFactors, rotation, a.Rank);
        for (var row = 0; row < batch.Count; row++)
        {
            Assert.AreEqual(before[row], network.Forward(batch, row, act), 1e-6, $"row {row} after rotating both factor sets");
        }

        // The factors do matter: rotating the item factors alone changes u·v and the probability.
        Rotate(batch.ItemFactors, rotation, a.Rank);
        Assert.IsGreaterThan(1e-4, Enumerable.Range(0, batch.Count).Max(row => Math.Abs(before[row] - network.Forward(batch, row, act))));
    }

    /// <summary>A random orthogonal matrix (row-major): Gram-Schmidt of a random square matrix.</summary>
    private static double[] RandomRotation(int n, Random random)
    {
        var q = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            var row = q.AsSpan(i * n, n);
            for (var k = 0; k < n; k++)
            {
                row[k] = random.NextDouble() - 0.5;
            }

            for (var j = 0; j < i; j++)
            {
                var previous = q.AsSpan(j * n, n);
                var projection = 0.0;
                for (var k = 0; k < n; k++)
                {
                    projection += row[k] * previous[k];
                }

                for (var k = 0; k < n; k++)
                {
                    row[k] -= projection * previous[k];
                }
            }

            var norm = Math.Sqrt(row.ToArray().Sum(x => x * x));
            for (var k = 0; k < n; k++)
            {
                row[k] /= norm;
            }
        }

        return q;
    }

    private static void Rotate(float[] factors, double[] rotation, int rank)
    {
        var rotated = new double[rank];
        for (var first = 0; first < factors.Length; first += rank)
        {
            for (var i = 0; i < rank; i++)
            {
                rotated[i] = 0;
                for (var k = 0; k < rank; k++)
                {
                    rotated[i] += rotation[(i * rank) + k] * factors[first + k];
                }
            }

            for (var i = 0; i < rank; i++)
            {
                factors[first + i] = (float)rotated[i];
            }
        }
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
