using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class TopKScorerTests
{
    /// <summary>Columns that copy column 7: 8 in its group, 23 in the next 16-lane group, 1500 in a later column tile.</summary>
    private static readonly int[] TiedCopies = [8, 23, 1500];

    [TestMethod]
    public void Score_RandomFactorsWithExclusions_SameAsSortingEveryPair() => AssertSameAsSorting(items: 2100, rows: [3, 0, 69, 41]);

    /// <summary>
    /// 70 rows: three row tiles, the last with a partial register tile of 2 rows; 2107 items: 264 groups, the last of
    /// 263 plus a tail of 3 lanes, so column tiles end in 3-group and 1-group kernels.
    /// </summary>
    [TestMethod]
    public void Score_AllRowsWithPartialTiles_SameAsSortingEveryPair() => AssertSameAsSorting(items: 2107, rows: [.. Enumerable.Range(0, 70).Reverse()]);

    /// <summary>
    /// Both register tiles (the 512-bit one runs in software where Vector512 is not accelerated) against a brute force
    /// whose every score is the same FMA chain over the factors in order, so scores must match bit for bit: columns
    /// that are not a multiple of 16 or 8, 70 rows (partial register and row tiles of both), ties inside a group and
    /// across groups (the smaller column first), excluded cells, and k above the columns left after exclusions.
    /// </summary>
    [TestMethod]
    [DataRow(2107, 12, 3, DisplayName = "2107 columns, k 12")]
    [DataRow(37, 12, 3, DisplayName = "37 columns: 3 groups of 16 with a tail, k 12")]
    [DataRow(9, 12, 2, DisplayName = "9 columns, k 12 > columns")]
    [DataRow(5000, 100, 20, DisplayName = "5000 columns: two column tiles, k 100")]
    public void Score_BothTiles_SameAsFmaChainOverEveryPair(int items, int k, int seen)
    {
        const int rank = 13, users = 70;
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(items);
        var left = new float[users * stride];
        var right = new float[items * stride];
        FactorMath.Initialize(left, users, rank, stride, 1, random);
        FactorMath.Initialize(right, items, rank, stride, 1, random);
        foreach (var copy in TiedCopies.Where(i => i < items))
        {
            right.AsSpan(7 * stride, stride).CopyTo(right.AsSpan(copy * stride, stride)); // ties: the smaller column wins
        }

        right.AsSpan(7 * stride, stride).CopyTo(left.AsSpan(5 * stride, stride)); // user 5 ranks the tied columns first
        var seenCells = Enumerable.Range(0, seen * users).Select(x => (User: x % users, Item: random.Next(items)))
            .Where(x => x.User != 5 || !(x.Item == 7 || TiedCopies.Contains(x.Item))).ToArray(); // user 5 sees the whole tie
        var exclude = SparseRows.Build(users, [.. seenCells.Select(x => x.User)], [.. seenCells.Select(x => x.Item)], new float[seenCells.Length]);
        int[] rows = [.. Enumerable.Range(0, users).Reverse(), 5, 5];

        var wide = TopKScorer.Score<TopKKernel512>(left, rows, right, items, stride, k, exclude, threads: 2);
        var portable = TopKScorer.Score<TopKKernel>(left, rows, right, items, stride, k, exclude, threads: 2);

        for (var r = 0; r < rows.Length; r++)
        {
            var u = rows[r];
            var excluded = exclude.Column.AsSpan(exclude.Start[u], exclude.Start[u + 1] - exclude.Start[u]).ToArray();
            var expected = Enumerable.Range(0, items)
                .Where(i => !excluded.Contains(i))
                .Select(i => (Item: i, Score: FmaChain(left.AsSpan(u * stride, stride), right.AsSpan(i * stride, stride))))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Item).Take(k).ToArray();
            foreach (var (name, top) in new[] { ("512-bit", wide), ("Vector<float>", portable) })
            {
                CollectionAssert.AreEqual(expected.Select(x => x.Item).ToArray(), top.Columns(r).ToArray(), $"{name} tile, row {u}");
                CollectionAssert.AreEqual(expected.Select(x => x.Score).ToArray(), top.Scores(r).ToArray(), $"{name} tile, row {u}");
            }
        }

        // The tie is exercised: user 5 holds at least two of the tied columns, the smaller first.
        var tied = wide.Columns(rows.Length - 1).ToArray().Where(c => c is 7 or 8 or 23 or 1500).ToArray();
        Assert.IsGreaterThanOrEqualTo(2, tied.Length);
        CollectionAssert.AreEqual(tied.Order().ToArray(), tied);
    }

    /// <summary>
    /// Candidate buffers of the smallest capacity each tile allows (k + width + 1 cells), so a row's buffer is selected
    /// down to its k best every few appends: user 5 matches 40 columns that copy column 7 and spread over the whole
    /// range (more tied best columns than k, tied across selections: the smallest must be kept), user 9 has zero
    /// factors (every score ties at 0: the k smallest columns not excluded), and k above the columns in the last case.
    /// </summary>
    [TestMethod]
    [DataRow(2107, 5, DisplayName = "2107 columns, k 5")]
    [DataRow(5000, 30, DisplayName = "5000 columns: two column tiles, k 30")]
    [DataRow(45, 50, DisplayName = "45 columns, k 50 > columns")]
    public void Score_TinyCandidateBuffers_SameAsFmaChainOverEveryPair(int items, int k)
    {
        const int rank = 13, users = 70;
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(items + k);
        var left = new float[users * stride];
        var right = new float[items * stride];
        FactorMath.Initialize(left, users, rank, stride, 1, random);
        FactorMath.Initialize(right, items, rank, stride, 1, random);
        foreach (ref var factor in right.AsSpan(7 * stride, stride))
        {
            factor *= 4; // column 7 (and its copies) outranks every random column for user 5
        }

        var copies = Enumerable.Range(1, 40).Select(i => 7 + (i * (items - 8) / 40)).Where(i => i < items && i != 7).Distinct().ToArray();
        foreach (var copy in copies)
        {
            right.AsSpan(7 * stride, stride).CopyTo(right.AsSpan(copy * stride, stride));
        }

        right.AsSpan(7 * stride, stride).CopyTo(left.AsSpan(5 * stride, stride));
        left.AsSpan(9 * stride, stride).Clear();
        var seenCells = Enumerable.Range(0, 3 * users).Select(x => (User: x % users, Item: random.Next(items))).ToArray();
        var exclude = SparseRows.Build(users, [.. seenCells.Select(x => x.User)], [.. seenCells.Select(x => x.Item)], new float[seenCells.Length]);
        int[] rows = [.. Enumerable.Range(0, users)];

        var wide = TopKScorer.Score<TopKKernel512>(left, rows, right, items, stride, k, exclude, threads: 2, capacity: k + 16 + 1);
        var portable = TopKScorer.Score<TopKKernel>(left, rows, right, items, stride, k, exclude, threads: 2, capacity: k + TopKKernel.Width + 1);

        foreach (var u in rows)
        {
            var excluded = exclude.Column.AsSpan(exclude.Start[u], exclude.Start[u + 1] - exclude.Start[u]).ToArray();
            var expected = Enumerable.Range(0, items)
                .Where(i => !excluded.Contains(i))
                .Select(i => (Item: i, Score: FmaChain(left.AsSpan(u * stride, stride), right.AsSpan(i * stride, stride))))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Item).Take(k).ToArray();
            foreach (var (name, top) in new[] { ("512-bit", wide), ("Vector<float>", portable) })
            {
                CollectionAssert.AreEqual(expected.Select(x => x.Item).ToArray(), top.Columns(u).ToArray(), $"{name} tile, row {u}");
                CollectionAssert.AreEqual(expected.Select(x => x.Score).ToArray(), top.Scores(u).ToArray(), $"{name} tile, row {u}");
            }
        }

        // The ties are exercised: user 5's list starts with tied columns in ascending order; user 9's is all zeros.
        var tied = wide.Columns(5).ToArray().TakeWhile(c => c == 7 || copies.Contains(c)).ToArray();
        Assert.IsGreaterThanOrEqualTo(Math.Min(k, 3), tied.Length);
        CollectionAssert.AreEqual(tied.Order().ToArray(), tied);
        Assert.IsTrue(wide.Scores(9).ToArray().All(s => s == 0f));
    }

    private static float FmaChain(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var c = 0; c < a.Length; c++)
        {
            sum = MathF.FusedMultiplyAdd(a[c], b[c], sum);
        }

        return sum;
    }

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
