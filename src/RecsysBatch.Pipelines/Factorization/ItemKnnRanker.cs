namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Item-kNN baseline: score(u, i) = Σ_{j seen by u} cos(i, j) over binary item columns, then top-K unseen with ties
/// to the smaller item key. Computed sparsely through co-occurring users, with no item × item matrix: since
/// cos(i, j) = |U(i) ∩ U(j)| / √(|U(i)|·|U(j)|), score(u, i) = Σ_{v ∈ U(i)} w(u, v) / √|U(i)| with the co-user
/// weight w(u, v) = Σ_{j ∈ I(u) ∩ I(v)} 1/√|U(j)|. Each co-user's weight is summed first and its items are
/// scattered once, so a user costs Σ_j |U(j)| + Σ_{distinct co-users v} |I(v)|, not Σ_j Σ_{v ∈ U(j)} |I(v)|.
/// Popular items (<see cref="ItemKnnPopularRows"/>) skip the co-users: their precomputed co-occurrence row
/// adds |U(i) ∩ U(j)|/√|U(j)| to each item i directly.
/// Scores are doubles summed in a fixed order (items of u ascending, co-users in order of first meeting), so a
/// user's list is the same whichever thread scores it.
/// </summary>
internal sealed class ItemKnnRanker
{
    private readonly SparseRows _byUser;
    private readonly SparseRows _byItem;
    private readonly double[] _inverseNorm;
    private readonly double[] _norm;
    private readonly ItemKnnPopularRows _popular;

    /// <param name="byUser">Cells by user, columns ascending; a cell counts as one whatever its value.</param>
    /// <param name="items">Number of item keys.</param>
    /// <param name="threads">Threads that count the popular items' rows.</param>
    /// <param name="popularBudget">Cells the rows of popular items may hold; default twice the cells of <paramref name="byUser"/>.</param>
    public ItemKnnRanker(SparseRows byUser, int items, int threads, long? popularBudget = null)
    {
        ArgumentNullException.ThrowIfNull(byUser);
        _byUser = byUser;
        _byItem = byUser.Transpose(items);
        _norm = new double[items];
        _inverseNorm = new double[items];
        for (var i = 0; i < items; i++)
        {
            _norm[i] = Math.Sqrt(_byItem.Start[i + 1] - _byItem.Start[i]);
            _inverseNorm[i] = 1 / _norm[i];
        }

        _popular = new ItemKnnPopularRows(byUser, _byItem, popularBudget ?? (2L * byUser.Count), threads);
    }

    /// <summary>Popular items scored through a co-occurrence row.</summary>
    public int PopularItems => _popular.Count;

    /// <summary>
    /// The top-k lists of <paramref name="users"/>, in their order, scored on up to <paramref name="threads"/>
    /// threads with one scratch each; the lists do not depend on the thread count or on which thread scores whom.
    /// </summary>
    public int[][] Top(IReadOnlyList<int> users, int k, int threads)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var lists = new int[users.Count][];
        var workers = Math.Clamp(threads, 1, Math.Max(1, users.Count));
        var next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            // One scratch per worker; users are handed out one at a time, so a slow user does not hold up a block.
            var scratch = new Scratch(_byUser.Rows, _norm.Length, k);
            for (var r = Interlocked.Increment(ref next); r < users.Count; r = Interlocked.Increment(ref next))
            {
                lists[r] = Top(users[r], k, scratch);
            }
        });
        return lists;
    }

    private int[] Top(int user, int k, Scratch scratch)
    {
        // Co-user weights w(u, v); the user itself only reaches items it has seen, so it is left out.
        var weight = scratch.Weight;
        var coUsers = scratch.CoUsers;
        var met = 0;
        foreach (var j in Row(_byUser, user))
        {
            if (_popular.Has(j))
            {
                continue;
            }

            var wj = _inverseNorm[j];
            foreach (var v in Row(_byItem, j))
            {
                if (v == user)
                {
                    continue;
                }

                if (weight[v] == 0)
                {
                    coUsers[met++] = v;
                }

                weight[v] += wj;
            }
        }

        // Each co-user's items once, with its whole weight; the √|U(i)| side of the cosine is applied per item below.
        var score = scratch.Score;
        var touched = scratch.Touched;
        var reached = 0;
        foreach (var v in coUsers.AsSpan(0, met))
        {
            var wv = weight[v];
            weight[v] = 0;
            foreach (var i in Row(_byUser, v))
            {
                if (score[i] == 0)
                {
                    touched[reached++] = i;
                }

                score[i] += wv;
            }
        }

        foreach (var j in Row(_byUser, user))
        {
            if (_popular.Has(j))
            {
                var wj = _inverseNorm[j];
                var counts = _popular.Counts(j);
                var columns = _popular.Columns(j);
                for (var p = 0; p < columns.Length; p++)
                {
                    var i = columns[p];
                    if (score[i] == 0)
                    {
                        touched[reached++] = i;
                    }

                    score[i] += counts[p] * wj;
                }
            }
        }

        var n = Select(user, k, touched.AsSpan(0, reached), score, scratch.Best, scratch.Items);
        return scratch.Items.AsSpan(0, n).ToArray();
    }

    /// <summary>Best k unseen by (score desc, item asc), kept sorted: insertion into a k-long list. Clears the scores.</summary>
    private int Select(int user, int k, ReadOnlySpan<int> touched, double[] score, double[] best, int[] items)
    {
        var seen = Row(_byUser, user);
        var n = 0;
        foreach (var i in touched)
        {
            var s = score[i] / _norm[i];
            score[i] = 0;
            if ((n == k && !Better(s, i, best[n - 1], items[n - 1])) || seen.BinarySearch(i) >= 0)
            {
                continue;
            }

            var at = n < k ? n++ : n - 1;
            while (at > 0 && Better(s, i, best[at - 1], items[at - 1]))
            {
                best[at] = best[at - 1];
                items[at] = items[at - 1];
                at--;
            }

            best[at] = s;
            items[at] = i;
        }

        return n;
    }

    private static bool Better(double score, int item, double otherScore, int otherItem) =>
        score > otherScore || (score == otherScore && item < otherItem);

    private static ReadOnlySpan<int> Row(SparseRows rows, int row) => rows.Column.AsSpan(rows.Start[row], rows.Start[row + 1] - rows.Start[row]);

    /// <summary>One thread's dense work space: co-user weights and item scores, zero between users, with touched lists.</summary>
    private sealed class Scratch(int users, int items, int k)
    {
        public double[] Weight { get; } = new double[users];

        public int[] CoUsers { get; } = new int[users];

        public double[] Score { get; } = new double[items];

        public int[] Touched { get; } = new int[items];

        public double[] Best { get; } = new double[k];

        public int[] Items { get; } = new int[k];
    }
}
