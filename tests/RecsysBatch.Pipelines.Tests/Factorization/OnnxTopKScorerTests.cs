using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class OnnxTopKScorerTests
{
    private const int Rank = 5;
    private static readonly int Stride = FactorMath.StrideFor(Rank);
    private static readonly int[] UnseenOfUser0 = [0, 2, 4, 6, 8];

    [TestMethod]
    public void Score_IntegerFactorsWithManyTies_IdenticalToSimdScorer()
    {
        // Small integer factors make every score exact in float, so there are many exact ties and both scorers
        // must return the very same lists (ties to the smaller item index).
        const int users = 90, items = 700, k = 15;
        var random = new Random(11);
        var left = Integers(users, random);
        var right = Integers(items, random);
        var exclude = RandomExclusions(users, items, 6, random);
        int[] rows = [.. Enumerable.Range(0, users).Where(u => u % 3 != 1)];

        var simd = TopKScorer.Score(left, rows, right, items, Stride, k, exclude, threads: 2);
        var onnx = OnnxTopKScorer.Score(left, rows, right, items, Stride, k, exclude, threads: 2, batch: 16);

        for (var r = 0; r < rows.Length; r++)
        {
            CollectionAssert.AreEqual(simd.Columns(r).ToArray(), onnx.Columns(r).ToArray(), $"row {rows[r]}");
            CollectionAssert.AreEqual(simd.Scores(r).ToArray(), onnx.Scores(r).ToArray(), $"row {rows[r]}");
        }
    }

    [TestMethod]
    public void Score_RandomFactors_SameTopKAsSimdUpToTiesAndNoSeenItem()
    {
        const int users = 60, items = 1500, k = 20;
        var random = new Random(5);
        var left = new float[users * Stride];
        var right = new float[items * Stride];
        FactorMath.Initialize(left, users, Rank, Stride, 1, random);
        FactorMath.Initialize(right, items, Rank, Stride, 1, random);
        var exclude = RandomExclusions(users, items, 40, random);
        int[] rows = [.. Enumerable.Range(0, users)];

        var simd = TopKScorer.Score(left, rows, right, items, Stride, k, exclude, threads: 2);
        var onnx = OnnxTopKScorer.Score(left, rows, right, items, Stride, k, exclude, threads: 2, batch: 7);

        for (var r = 0; r < rows.Length; r++)
        {
            var seen = exclude.Column.AsSpan(exclude.Start[r], exclude.Start[r + 1] - exclude.Start[r]).ToArray();
            var got = onnx.Columns(r).ToArray();
            Assert.AreEqual(k, got.Length);
            Assert.IsFalse(got.Any(seen.Contains), $"row {r}: a seen item was returned");
            var kth = simd.Scores(r)[k - 1];
            for (var j = 0; j < k; j++)
            {
                Assert.AreEqual(simd.Scores(r)[j], onnx.Scores(r)[j], 1e-4f, $"row {r}, rank {j + 1}");
                var item = got[j];
                var exact = FactorMath.Dot(left.AsSpan(r * Stride, Stride), right.AsSpan(item * Stride, Stride));
                Assert.AreEqual(exact, onnx.Scores(r)[j], 1e-4f, $"row {r}: score of item {item}");
                if (!simd.Columns(r).Contains(item))
                {
                    Assert.AreEqual(kth, exact, 1e-4f, $"row {r}: item {item} differs from the SIMD list but is no tie");
                }
            }
        }
    }

    [TestMethod]
    public void Score_FewerUnseenItemsThanK_ReturnsOnlyUnseenItems()
    {
        const int users = 4, items = 10, k = 8;
        var random = new Random(3);
        var left = Integers(users, random);
        var right = Integers(items, random);
        // User 0 has seen 5 of the 10 items, so only 5 can be returned; user 1 has seen none.
        var exclude = SparseRows.Build(users, [0, 0, 0, 0, 0], [1, 3, 5, 7, 9], new float[5]);

        var top = OnnxTopKScorer.Score(left, [0, 1], right, items, Stride, k, exclude, threads: 1);

        CollectionAssert.AreEquivalent(UnseenOfUser0, top.Columns(0).ToArray());
        Assert.AreEqual(k, top.Columns(1).Length);
        Assert.IsTrue(top.Scores(0).ToArray().All(float.IsFinite));
    }

    [TestMethod]
    public void Score_NoExclusionsAndKAboveItems_EveryItemBestFirst()
    {
        const int users = 3, items = 9;
        var random = new Random(8);
        var left = Integers(users, random);
        var right = Integers(items, random);

        using var scorer = new OnnxTopKScorer(right, items, Stride, k: 12, masked: false, threads: 1);
        var top = scorer.Score(left, [2, 0], exclude: null);
        var simd = TopKScorer.Score(left, [2, 0], right, items, Stride, 12, null, threads: 1);

        for (var r = 0; r < 2; r++)
        {
            Assert.AreEqual(items, top.Columns(r).Length);
            CollectionAssert.AreEqual(simd.Columns(r).ToArray(), top.Columns(r).ToArray());
        }
    }

    private static float[] Integers(int rows, Random random)
    {
        var m = new float[rows * Stride];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < Rank; c++)
            {
                m[(r * Stride) + c] = random.Next(-3, 4);
            }
        }

        return m;
    }

    private static SparseRows RandomExclusions(int users, int items, int perUser, Random random)
    {
        var n = users * perUser;
        return SparseRows.Build(users, [.. Enumerable.Range(0, n).Select(x => x % users)], [.. Enumerable.Range(0, n).Select(_ => random.Next(items))], new float[n]);
    }
}
