using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>KeepSnapshotDays: a publish deletes the replaced tables' old snapshots in its own transaction.</summary>
public abstract partial class WarehouseContractTests
{
    private static SnapshotPublication Keeping(int days, SnapshotPublication publication) => publication with { KeepSnapshotDays = days };

    [TestMethod]
    public async Task PublishAsync_KeepSnapshotDays_DeletesOlderSnapshotsOfReplacedTablesOnly()
    {
        var warehouse = await CreateWithSchemaAsync();
        var day0 = TestData.Day1.AddDays(-1);
        var day3 = TestData.Day2.AddDays(1);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d0", day0), TestData.ScoreRows(2, "d0"), TestData.Metrics("rank", 0), TestData.Rejected("csv:d0", 1)), Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d1", TestData.Day1), TestData.ScoreRows(2, "d1"), TestData.CountRows("d1", 1), TestData.Rejected("csv:d1", 1)), Token);
        // Another pipeline that replaces no table of this one, with rejected lines of an old snapshot.
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("w0", day0, pipeline: "weekly"), TestData.Rejected("csv:w0", 1)) with { ReplacedTables = [] }, Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d2", TestData.Day2), TestData.ScoreRows(2, "d2"), TestData.Rejected("csv:d2", 1)), Token);
        Assert.AreEqual(3L, await CountAsync("SELECT COUNT(DISTINCT snapshot_date) FROM test_scores"), "days 0, 1, 2 before the pruning publish");

        // Keep 2 days as of day 3: day 2 and day 3 stay, day 1 and day 0 go.
        await warehouse.PublishAsync(Keeping(2, TestData.Publication(TestData.Run("d3", day3), TestData.ScoreRows(2, "d3"), TestData.Metrics("rank", 3))), Token);

        var scores = await QueryAsync("SELECT snapshot_date, COUNT(*) FROM test_scores GROUP BY snapshot_date ORDER BY snapshot_date");
        Assert.AreEqual($"{TestData.Day2}:2,{day3}:2", string.Join(',', scores.Select(r => $"{r[0]}:{r[1]}")));
        Assert.AreEqual(0L, await CountAsync("SELECT COUNT(*) FROM test_counts"), "test_counts is replaced by the pipeline too");
        Assert.AreEqual("d2,w0", string.Join(',', (await QueryAsync("SELECT run_id FROM rejected_events ORDER BY run_id")).Select(r => r[0])),
            "only this pipeline's rejected lines of the old snapshots go");
        Assert.AreEqual(2L, await CountAsync("SELECT COUNT(*) FROM model_metrics"), "model_metrics keeps its history");
        Assert.AreEqual(5L, await CountAsync("SELECT COUNT(*) FROM job_runs"), "job_runs keeps its history");
    }

    [TestMethod]
    public async Task PublishAsync_KeepSnapshotDays_OlderSnapshotBackfilledLeavesNewerOnesAndZeroKeepsAll()
    {
        var warehouse = await CreateWithSchemaAsync();
        var day3 = TestData.Day2.AddDays(1);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d3", day3), TestData.ScoreRows(1, "d3")), Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d1", TestData.Day1), TestData.ScoreRows(1, "d1")), Token);

        await warehouse.PublishAsync(Keeping(0, TestData.Publication(TestData.Run("d2", TestData.Day2), TestData.ScoreRows(1, "d2"))), Token);
        Assert.AreEqual(3L, await CountAsync("SELECT COUNT(DISTINCT snapshot_date) FROM test_scores"), "0 keeps every snapshot");

        // A backfill of day 2 keeping 1 day: day 1 goes, the newer day 3 stays.
        await warehouse.PublishAsync(Keeping(1, TestData.Publication(TestData.Run("d2b", TestData.Day2, 1), TestData.ScoreRows(1, "d2b"))), Token);
        var labels = await QueryAsync("SELECT label FROM test_scores ORDER BY snapshot_date");
        Assert.AreEqual("d2b,d3", string.Join(',', labels.Select(r => r[0])));
    }

    [TestMethod]
    public async Task PublishAsync_FarFutureSnapshotWithKeepSnapshotDays_KeepsNewestEarlierSnapshot()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d1", TestData.Day1), TestData.ScoreRows(2, "d1"), TestData.Rejected("csv:d1", 1)), Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d2", TestData.Day2), TestData.ScoreRows(2, "d2"), TestData.Rejected("csv:d2", 1)), Token);

        // A typo'd date far ahead, keeping 7 days: it must not wipe every real snapshot.
        await warehouse.PublishAsync(Keeping(7, TestData.Publication(TestData.Run("typo", new DateOnly(2099, 1, 1)), TestData.ScoreRows(2, "typo"))), Token);

        var labels = await QueryAsync("SELECT DISTINCT label FROM test_scores ORDER BY label");
        Assert.AreEqual("d2,typo", string.Join(',', labels.Select(r => r[0])), "the newest snapshot before the run stays");
        Assert.AreEqual("d2", string.Join(',', (await QueryAsync("SELECT run_id FROM rejected_events")).Select(r => r[0])));
    }
}
