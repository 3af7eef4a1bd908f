using RecsysBatch.Pipelines.Interest;

namespace RecsysBatch.Pipelines.Tests.Interest;

/// <summary>
/// The training sample builds rows only for the users it scans (in seeded hash order, growing batches) and keeps the
/// same users as a draw over every user's rows would: whole users in hash order until the cap.
/// </summary>
[TestClass]
public sealed class TrainingSampleTests
{
    private static int Rows(int user) => user % 3;

    [TestMethod]
    public void Draw_CapReachedEarly_BuildsOnlyTheScannedUsersAndKeepsWhatAFullDrawKeeps()
    {
        const int users = 20_000;
        var asked = 0;
        var scanned = TrainingSample.Draw(users, 1000, 7, mask =>
        {
            asked += mask.Count(m => m);
            return [.. Enumerable.Range(0, users).Select(u => mask[u] ? Rows(u) : 0)];
        });
        var full = TrainingSample.Draw(users, 1000, 7, _ => [.. Enumerable.Range(0, users).Select(Rows)]);

        CollectionAssert.AreEqual(full.Keep, scanned.Keep, "only the scanned users' rows decide the sample");
        Assert.AreEqual(TrainingSample.FirstBatch, asked, "one batch holds enough users for the cap");
        Assert.IsFalse(scanned.Complete);
        Assert.IsGreaterThanOrEqualTo(1000, scanned.Rows);
        Assert.IsLessThan(1002, scanned.Rows);
        Assert.AreEqual(scanned.Rows, Enumerable.Range(0, users).Where(u => scanned.Keep[u]).Sum(Rows));
        Assert.IsTrue(Enumerable.Range(0, users).Where(u => scanned.Keep[u]).All(u => Rows(u) > 0), "users without rows are not kept");
        var total = Enumerable.Range(0, users).Sum(Rows);
        Assert.AreEqual(total, scanned.AvailableRows, total * 0.05, "the estimate scales the scanned users' rows to all users");
        CollectionAssert.AreNotEqual(scanned.Keep, TrainingSample.Draw(users, 1000, 8, _ => [.. Enumerable.Range(0, users).Select(Rows)]).Keep, "another seed, other users");
    }

    [TestMethod]
    public void Draw_AllRowsUnderTheCap_ScansEveryUserAndCountsExactly()
    {
        const int users = 9_000;
        var sample = TrainingSample.Draw(users, 1_000_000, 7, mask => [.. Enumerable.Range(0, users).Select(u => mask[u] ? Rows(u) : 0)]);

        var total = Enumerable.Range(0, users).Sum(Rows);
        Assert.IsTrue(sample.Complete);
        Assert.AreEqual(users, sample.ScannedUsers);
        Assert.AreEqual(total, sample.Rows);
        Assert.AreEqual(total, sample.AvailableRows);
        Assert.IsTrue(Enumerable.Range(0, users).All(u => sample.Keep[u] == Rows(u) > 0));
    }
}
