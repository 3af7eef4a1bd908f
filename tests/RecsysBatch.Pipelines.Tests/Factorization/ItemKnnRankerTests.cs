using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class ItemKnnRankerTests
{
    private const int K = 10;

    /// <summary>
    /// Every item has 1, 4 or 16 users, so each cosine |U(i) ∩ U(j)|/√(|U(i)|·|U(j)|) and every sum of them is a
    /// dyadic fraction, exact in double in any order: the lists must equal a dense-cosine reference exactly, ties
    /// (which such columns make common) included, with the popular-item rows (budget 0 and unlimited) and without.
    /// </summary>
    [TestMethod]
    [DataRow(0L)]
    [DataRow(long.MaxValue)]
    public void Top_DyadicColumns_EqualsDenseCosineReferenceIncludingTies(long popularBudget)
    {
        var random = new Random(11);
        var byUser = Columns(random, users: 40, [.. Enumerable.Range(0, 36).Select(i => i % 7 == 0 ? 16 : i % 3 == 0 ? 1 : 4)]);
        var ranker = new ItemKnnRanker(byUser, 36, threads: 1, popularBudget);
        var users = Enumerable.Range(0, 40).ToArray();

        var lists = ranker.Top(users, K, threads: 1);

        var ties = 0;
        foreach (var u in users)
        {
            var reference = Reference(byUser, 36, u);
            var expected = reference.OrderByDescending(x => x.Score).ThenBy(x => x.Item).Take(K).Select(x => x.Item).ToArray();
            CollectionAssert.AreEqual(expected, lists[u], $"user {u}");
            ties += reference.GroupBy(x => x.Score).Count(g => g.Count() > 1);
        }

        Assert.IsGreaterThan(20, ties, "the columns make tied scores");
        Assert.AreEqual(popularBudget == 0, ranker.PopularItems == 0, "the 16-user items have rows when the budget allows");
    }

    /// <summary>Any popularities: the listed items' reference scores are the reference top-K scores, to rounding.</summary>
    [TestMethod]
    public void Top_RandomColumns_ListsReferenceTopScores()
    {
        var random = new Random(5);
        var popularity = Enumerable.Range(0, 60).Select(_ => 1 + (int)Math.Pow(random.Next(1, 60), 2) / 60).ToArray();
        var byUser = Columns(random, users: 70, popularity);
        var ranker = new ItemKnnRanker(byUser, 60, threads: 2);
        var users = Enumerable.Range(0, 70).ToArray();

        var lists = ranker.Top(users, K, threads: 1);

        Assert.IsGreaterThan(0, ranker.PopularItems, "the most popular items go through rows");
        foreach (var u in users)
        {
            var reference = Reference(byUser, 60, u).ToDictionary(x => x.Item, x => x.Score);
            var best = reference.Values.OrderDescending().Take(K).ToArray();
            Assert.HasCount(best.Length, lists[u], $"user {u}");
            for (var p = 0; p < best.Length; p++)
            {
                Assert.AreEqual(best[p], reference[lists[u][p]], 1e-12, $"user {u} place {p}");
            }
        }
    }

    [TestMethod]
    public void Top_ManyThreads_SameListsAsOneThread()
    {
        var random = new Random(8);
        var popularity = Enumerable.Range(0, 200).Select(_ => random.Next(1, 120)).ToArray();
        var byUser = Columns(random, users: 400, popularity);
        var oneThread = new ItemKnnRanker(byUser, 200, threads: 1);
        var fourThreads = new ItemKnnRanker(byUser, 200, threads: 4);
        var users = Enumerable.Range(0, 400).Reverse().Where(u => u % 3 != 1).ToArray();

        var one = oneThread.Top(users, K, threads: 1);
        var many = fourThreads.Top(users, K, threads: 4);

        Assert.IsGreaterThan(64, oneThread.PopularItems, "rows counted in more than one parallel batch");
        Assert.AreEqual(oneThread.PopularItems, fourThreads.PopularItems);
        Assert.HasCount(users.Length, many);
        for (var r = 0; r < users.Length; r++)
        {
            CollectionAssert.AreEqual(one[r], many[r], $"user {users[r]}");
        }
    }

    [TestMethod]
    public void Top_NoCoUser_EmptyListAndSeenItemsNeverListed()
    {
        // User 0 alone has item 0; users 1 and 2 share items 1 and 2, and user 2 also has item 3.
        var byUser = SparseRows.Build(3, [0, 1, 1, 2, 2, 2], [0, 1, 2, 1, 2, 3], [1, 1, 1, 1, 1, 1]);
        var ranker = new ItemKnnRanker(byUser, 4, threads: 1);

        var lists = ranker.Top([0, 1, 2], K, threads: 2);

        Assert.IsEmpty(lists[0]);
        Assert.AreEqual(3, lists[1].Single());
        Assert.IsEmpty(lists[2]);
    }

    /// <summary>A random binary matrix in which item i has exactly popularity[i] distinct users.</summary>
    private static SparseRows Columns(Random random, int users, int[] popularity)
    {
        var rows = new List<int>();
        var columns = new List<int>();
        for (var i = 0; i < popularity.Length; i++)
        {
            foreach (var u in Enumerable.Range(0, users).OrderBy(_ => random.Next()).Take(popularity[i]))
            {
                rows.Add(u);
                columns.Add(i);
            }
        }

        return SparseRows.Build(users, [.. rows], [.. columns], [.. rows.Select(_ => 2f)]);
    }

    /// <summary>Dense reference: a users × items 0/1 matrix, the full item × item cosine matrix, scores of unseen items above zero.</summary>
    private static List<(int Item, double Score)> Reference(SparseRows byUser, int items, int user)
    {
        var dense = new bool[byUser.Rows, items];
        for (var u = 0; u < byUser.Rows; u++)
        {
            for (var p = byUser.Start[u]; p < byUser.Start[u + 1]; p++)
            {
                dense[u, byUser.Column[p]] = true;
            }
        }

        var cosine = new double[items, items];
        for (var i = 0; i < items; i++)
        {
            for (var j = 0; j < items; j++)
            {
                int both = 0, ni = 0, nj = 0;
                for (var u = 0; u < byUser.Rows; u++)
                {
                    both += dense[u, i] && dense[u, j] ? 1 : 0;
                    ni += dense[u, i] ? 1 : 0;
                    nj += dense[u, j] ? 1 : 0;
                }

                cosine[i, j] = both == 0 ? 0 : both / Math.Sqrt((double)ni * nj);
            }
        }

        var scores = new List<(int, double)>();
        for (var i = 0; i < items; i++)
        {
            var score = 0.0;
            for (var j = 0; j < items; j++)
            {
                score += dense[user, j] ? cosine[i, j] : 0;
            }

            if (!dense[user, i] && score > 0)
            {
                scores.Add((i, score));
            }
        }

        return scores;
    }
}
