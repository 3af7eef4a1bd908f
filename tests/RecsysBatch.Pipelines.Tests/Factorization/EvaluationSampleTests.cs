using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class EvaluationSampleTests
{
    private static readonly List<int> Users = [.. Enumerable.Range(0, 1000).Select(u => 3 * u)];
    private static readonly List<int[]> Relevant = [.. Users.Select(u => new[] { u + 1 })];

    [TestMethod]
    public void Take_AboveTheCap_ASeededAscendingSubsetWithItsOwnRelevantItems()
    {
        var (users, relevant) = EvaluationSample.Take(Users, Relevant, 100, seed: 7);

        Assert.HasCount(100, users);
        CollectionAssert.AreEqual(users.Order().ToList(), users);
        CollectionAssert.AllItemsAreUnique(users);
        CollectionAssert.IsSubsetOf(users, Users);
        for (var r = 0; r < users.Count; r++)
        {
            Assert.AreEqual(users[r] + 1, relevant[r].Single());
        }

        CollectionAssert.AreEqual(users, EvaluationSample.Take(Users, Relevant, 100, seed: 7).Users, "same seed, same sample");
        CollectionAssert.AreNotEqual(users, EvaluationSample.Take(Users, Relevant, 100, seed: 8).Users);
        Assert.IsLessThan(300, users[0], "spread over the whole range, not the first keys");
        Assert.IsGreaterThan(2700, users[^1]);
    }

    [TestMethod]
    public void Take_AtOrBelowTheCapOrCapZero_EveryUser()
    {
        Assert.AreSame(Users, EvaluationSample.Take(Users, Relevant, 1000, seed: 7).Users);
        Assert.AreSame(Users, EvaluationSample.Take(Users, Relevant, 0, seed: 7).Users);
    }

    [TestMethod]
    public void ChunkedTopK_EqualsOneCallOverAllRows()
    {
        var random = new Random(3);
        const int stride = 8;
        var left = Enumerable.Range(0, 1300 * stride).Select(_ => (float)random.NextDouble()).ToArray();
        var right = Enumerable.Range(0, 90 * stride).Select(_ => (float)random.NextDouble()).ToArray();
        var rows = Enumerable.Range(0, 1300).Where(r => r % 7 != 0).ToArray();
        var whole = TopKScorer.Score(left, rows, right, 90, stride, 5, null, 2);
        var reports = new List<long>();

        var chunked = new ChunkedTopK(rows, part => TopKScorer.Score(left, part, right, 90, stride, 5, null, 2), (done, _) => reports.Add(done));

        Assert.HasCount(3, reports, "1114 rows in slices of at least 512");
        Assert.AreEqual(rows.Length, reports[^1]);
        for (var r = 0; r < rows.Length; r++)
        {
            CollectionAssert.AreEqual(whole.Columns(r).ToArray(), chunked.Columns(r).ToArray());
            CollectionAssert.AreEqual(whole.Scores(r).ToArray(), chunked.Scores(r).ToArray());
        }
    }
}
