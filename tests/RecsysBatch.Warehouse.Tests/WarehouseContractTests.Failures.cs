using RecsysBatch.Core;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>A publish that fails part-way changes nothing of the snapshot; failed runs are recorded.</summary>
public abstract partial class WarehouseContractTests
{
    private async Task<IWarehouse> CreateWithDay1PublishedAsync()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.RecordRunStartedAsync(TestData.Run("good", TestData.Day1), Token);
        await warehouse.PublishAsync(
            TestData.Publication(TestData.Run("good", TestData.Day1), TestData.ScoreRows(10, "old"), TestData.CountRows("old", 10), TestData.Metrics("factorize", 1.0)),
            Token);
        return warehouse;
    }

    private async Task AssertDay1StillOldAsync(IWarehouse warehouse, string failedRunId)
    {
        var scores = await QueryAsync("SELECT label, run_id, COUNT(*) FROM test_scores GROUP BY label, run_id ORDER BY label");
        Assert.HasCount(1, scores);
        CollectionAssert.AreEqual(new object?[] { "old", "good", 10L }, scores[0]);
        var counts = await QueryAsync("SELECT tag, n FROM test_counts ORDER BY tag");
        Assert.HasCount(1, counts);
        CollectionAssert.AreEqual(new object?[] { "old", 10L }, counts[0]);
        var metrics = await QueryAsync("SELECT run_id, value FROM model_metrics ORDER BY run_id");
        Assert.HasCount(1, metrics);
        CollectionAssert.AreEqual(new object?[] { "good", 1.0 }, metrics[0]);
        var runs = await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token);
        Assert.AreEqual(RunStatus.Succeeded, runs.Single(r => r.RunId == "good").Status);
        Assert.IsFalse(runs.Any(r => r.RunId == failedRunId && r.Status == RunStatus.Succeeded), "the failed run is not recorded as succeeded");
    }

    [TestMethod]
    public async Task PublishAsync_FaultInsideTheTransaction_RollsBackAndKeepsPreviousSnapshot()
    {
        await CreateWithDay1PublishedAsync();
        var faults = new FailingPublishFaults();
        var warehouse = OpenWithFaults(faults);
        await warehouse.RecordRunStartedAsync(TestData.Run("bad", TestData.Day1, 1), Token);
        var publication = TestData.Publication(
            TestData.Run("bad", TestData.Day1, 1), TestData.ScoreRows(20, "new"), TestData.CountRows("new", 20), TestData.Metrics("factorize", 2.0));

        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => warehouse.PublishAsync(publication, Token));

        Assert.AreEqual(FailingPublishFaults.Message, error.Message);
        Assert.AreEqual(1, faults.Calls, "the hook runs once, after the first table");
        await AssertDay1StillOldAsync(warehouse, "bad");
    }

    [TestMethod]
    public async Task PublishAsync_LaterTableDoesNotMatchWarehouse_ThrowsAndKeepsPreviousSnapshot()
    {
        var warehouse = await CreateWithDay1PublishedAsync();
        await warehouse.RecordRunStartedAsync(TestData.Run("bad", TestData.Day1, 1), Token);
        var otherCounts = new TableSchema(TestData.Counts.Name,
            [.. TestData.Counts.Columns.Where(c => c.Name != "n"), new ColumnSchema("total", ColumnType.Double)]);
        var bad = new OutputTable(otherCounts, [new OutputColumn<string>(["new"]), new OutputColumn<double>([1])]);
        var publication = TestData.Publication(TestData.Run("bad", TestData.Day1, 1), TestData.ScoreRows(20, "new"), TestData.Metrics("factorize", 2.0), bad);

        var error = await Assert.ThrowsExactlyAsync<RecsysException>(() => warehouse.PublishAsync(publication, Token));

        StringAssert.Contains(error.Message, "test_counts");
        await AssertDay1StillOldAsync(warehouse, "bad");
    }

    [TestMethod]
    public async Task PublishAsync_LaterTableHasBadValues_ThrowsAndKeepsPreviousSnapshot()
    {
        var warehouse = await CreateWithDay1PublishedAsync();
        var bad = new OutputTable(TestData.Counts, [new OutputColumn<string>(["new", "new"]), new OutputColumn<long>([1, 2], [false, true])]);
        var publication = TestData.Publication(TestData.Run("bad", TestData.Day1, 1), TestData.ScoreRows(20, "new"), TestData.Metrics("factorize", 2.0), bad);

        await Assert.ThrowsExactlyAsync<RecsysException>(() => warehouse.PublishAsync(publication, Token));

        await AssertDay1StillOldAsync(warehouse, "bad");
    }

    [TestMethod]
    public async Task PublishAsync_CancelledWhileWriting_ThrowsAndKeepsPreviousSnapshot()
    {
        var warehouse = await CreateWithDay1PublishedAsync();
        await warehouse.RecordRunStartedAsync(TestData.Run("cancelled", TestData.Day1, 1), Token);
        var big = TestData.ScoreRows(200_000, "new");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        // A dedicated thread, not a timer: on a busy machine the thread pool may run a timer only after the publish
        // has committed. 200,000 rows take far longer than 30 ms to write.
        var canceller = new Thread(() =>
        {
            Thread.Sleep(30);
            cancel.Cancel();
        });
        canceller.Start();

        await Assert.ThrowsAsync<OperationCanceledException>(
            () => warehouse.PublishAsync(TestData.Publication(TestData.Run("cancelled", TestData.Day1, 1), big, TestData.CountRows("new", 1)), cancel.Token));
        canceller.Join();

        await AssertDay1StillOldAsync(warehouse, "cancelled");
        var runs = await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token);
        Assert.AreEqual(RunStatus.Running, runs.Single(r => r.RunId == "cancelled").Status);
    }

    [TestMethod]
    public async Task RecordRunFailedAsync_StartedRun_StoresStatusErrorAndCounts()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.RecordRunStartedAsync(TestData.Run("r1", TestData.Day1), Token);
        var finished = new DateTime(2026, 3, 5, 2, 9, 0, DateTimeKind.Utc);

        await warehouse.RecordRunFailedAsync(
            TestData.Run("r1", TestData.Day1) with { Status = RunStatus.Failed, FinishedAt = finished, Error = "events.csv line 3: bad ts", InputRows = 7, RejectedRows = 2, Notes = "rank skipped" },
            Token);

        var run = (await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token)).Single();
        Assert.AreEqual(RunStatus.Failed, run.Status);
        Assert.AreEqual("events.csv line 3: bad ts", run.Error);
        Assert.AreEqual(finished, run.FinishedAt);
        Assert.AreEqual(DateTimeKind.Utc, run.FinishedAt!.Value.Kind);
        Assert.AreEqual((7L, 2L, "rank skipped"), (run.InputRows, run.RejectedRows, run.Notes));
        Assert.AreEqual(TestData.Run("r1", TestData.Day1).StartedAt, run.StartedAt);
    }

    [TestMethod]
    public async Task RecordRunFailedAsync_RunNeverStarted_InsertsFailedRow()
    {
        var warehouse = await CreateWarehouseAsync();

        await warehouse.RecordRunFailedAsync(TestData.Run("early", TestData.Day2) with { Error = "warehouse locked" }, Token);

        var run = (await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day2, Token)).Single();
        Assert.AreEqual(("early", RunStatus.Failed, "warehouse locked"), (run.RunId, run.Status, run.Error));
        Assert.IsNotNull(run.FinishedAt);
    }
}
