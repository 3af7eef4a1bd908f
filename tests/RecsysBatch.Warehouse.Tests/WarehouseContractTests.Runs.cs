using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>job_runs bookkeeping and the run-scoped core tables (model_metrics, rejected_events).</summary>
public abstract partial class WarehouseContractTests
{
    [TestMethod]
    public async Task PublishAsync_OtherRunOfSnapshotStillRunning_MarksItAbandoned()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.RecordRunStartedAsync(TestData.Run("killed", TestData.Day1, 0), Token);
        await warehouse.RecordRunStartedAsync(TestData.Run("other-day", TestData.Day2, 1), Token);
        await warehouse.RecordRunStartedAsync(TestData.Run("other-pipeline", TestData.Day1, 2, pipeline: "weekly"), Token);
        await warehouse.RecordRunStartedAsync(TestData.Run("winner", TestData.Day1, 3), Token);

        await warehouse.PublishAsync(TestData.Publication(TestData.Run("winner", TestData.Day1, 3), TestData.ScoreRows(1, "a")), Token);

        var day1 = await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token);
        Assert.AreEqual("killed:abandoned,winner:succeeded", string.Join(',', day1.Select(r => $"{r.RunId}:{r.Status}")));
        Assert.AreEqual(RunStatus.Running, (await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day2, Token)).Single().Status);
        Assert.AreEqual(RunStatus.Running, (await warehouse.GetRunsAsync("weekly", TestData.Day1, Token)).Single().Status);
    }

    [TestMethod]
    public async Task PublishAsync_RunNeverRecordedAsStarted_InsertsSucceededRow()
    {
        var warehouse = await CreateWithSchemaAsync();
        var run = TestData.Run("direct", TestData.Day1) with { InputRows = 42, RejectedRows = 1, Notes = "ok" };

        await warehouse.PublishAsync(TestData.Publication(run), Token);

        var stored = (await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token)).Single();
        Assert.AreEqual((RunStatus.Succeeded, 42L, 1L, "ok", "0.1.0-test"), (stored.Status, stored.InputRows, stored.RejectedRows, stored.Notes, stored.AppVersion));
        Assert.AreEqual(run.StartedAt.AddMinutes(5), stored.FinishedAt);
    }

    [TestMethod]
    public async Task GetRunsAsync_SeveralRuns_ReturnsThemOldestFirst()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.RecordRunStartedAsync(TestData.Run("c", TestData.Day1, 30), Token);
        await warehouse.RecordRunStartedAsync(TestData.Run("a", TestData.Day1, 10), Token);
        await warehouse.RecordRunStartedAsync(TestData.Run("b", TestData.Day1, 20), Token);

        var runs = await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token);

        Assert.AreEqual("a,b,c", string.Join(',', runs.Select(r => r.RunId)));
        Assert.IsEmpty(await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day2, Token));
    }

    [TestMethod]
    public async Task PublishAsync_RerunOfPipeline_ReplacesItsMetricsAndRejectedEventsOnly()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.RecordRunStartedAsync(TestData.Run("n1", TestData.Day1, 0), Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("n1", TestData.Day1, 0), TestData.Metrics("factorize", 1), TestData.Rejected("csv:a.csv", 3)), Token);
        var weekly = TestData.Run("w1", TestData.Day1, 1, pipeline: "weekly");
        await warehouse.PublishAsync(TestData.Publication(weekly, TestData.Metrics("factorize", 5), TestData.Rejected("csv:w.csv", 9)), Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("n0", TestData.Day2, 2), TestData.Metrics("factorize", 7)), Token);

        await warehouse.PublishAsync(TestData.Publication(TestData.Run("n2", TestData.Day1, 3), TestData.Metrics("factorize", 2), TestData.Rejected("csv:a.csv", 4)), Token);

        var metrics = await QueryAsync("SELECT run_id, snapshot_date, value FROM model_metrics ORDER BY run_id");
        Assert.HasCount(3, metrics);
        CollectionAssert.AreEqual(new object?[] { "n0", TestData.Day2, 7.0 }, metrics[0]);
        CollectionAssert.AreEqual(new object?[] { "n2", TestData.Day1, 2.0 }, metrics[1]);
        CollectionAssert.AreEqual(new object?[] { "w1", TestData.Day1, 5.0 }, metrics[2]);
        var rejected = await QueryAsync("SELECT run_id, source, line_number FROM rejected_events ORDER BY run_id");
        Assert.HasCount(2, rejected);
        CollectionAssert.AreEqual(new object?[] { "n2", "csv:a.csv", 4L }, rejected[0]);
        CollectionAssert.AreEqual(new object?[] { "w1", "csv:w.csv", 9L }, rejected[1]);
    }
}
