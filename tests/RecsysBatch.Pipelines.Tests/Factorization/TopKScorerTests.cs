using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class TopKScorerTests
{
    [TestMethod]
    public void Score_RandomFactorsWithExclusions_SameAsSortingEveryPair() => AssertSameAsSorting(items: 2100, rows: [3, 0, 69, 41]);

    /// <summary>
    /// 70 rows: three row tiles, the last with a partial register tile of 2 rows; 2107 items: 264 groups, the last of
    /// 263 plus a tail of 3 lanes, so column tiles end in 3-group and 1-group kernels.
    /// </summary>
    [TestMethod]
    public void Score_AllRowsWithPartialTiles_SameAsSortingEveryPair() => AssertSameAsSorting(items: 2107, rows: [.. Enumerable.Range(0, 70).Reverse()]);

    private static void AssertSameAsSorting(int items, int[] rows)
    {
        const int rank = 5, users = 70, k = 12;
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(4);
        var left = new float[users * stride];
        var right = new float[items * stride];
        FactorMath.Initialize(left, users, rank, stride, 1, random);
        FactorMath.Initialize(right, items, rank, stride, 1, random);
        right.AsSpan(7 * stride, stride).CopyTo(right.AsSpan(8 * stride, stride)); // a tie: the smaller index must win
        var exclude = SparseRows.Build(users, [.. Enumerable.Range(0, 3 * users).Select(x => x % users)], [.. Enumerable.Range(0, 3 * users).Select(_ => random.Next(items))], new float[3 * users]);

        var top = TopKScorer.Score(left, rows, right, items, stride, k, exclude, threads: 2);

        for (var r = 0; r < rows.Length; r++)
        {
            var u = rows[r];
            var excluded = exclude.Column.AsSpan(exclude.Start[u], exclude.Start[u + 1] - exclude.Start[u]).ToArray();
            var expected = Enumerable.Range(0, items)
                .Where(i => !excluded.Contains(i))
                .Select(i => (Item: i, Score: FactorMath.Dot(left.AsSpan(u * stride, stride), right.AsSpan(i * stride, stride))))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Item).Take(k).ToArray();
            CollectionAssert.AreEqual(expected.Select(x => x.Item).ToArray(), top.Columns(r).ToArray(), $"row {u}");
            for (var j = 0; j < k; j++)
            {
                Assert.AreEqual(expected[j].Score, top.Scores(r)[j], 1e-4f);
            }
        }
    }
}
