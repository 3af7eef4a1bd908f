using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>A snapshot is owned per pipeline: two pipelines publishing one date keep their own rows, and old tables migrate.</summary>
public abstract partial class WarehouseContractTests
{
    [TestMethod]
    public async Task PublishAsync_TwoPipelinesSameSnapshot_EachKeepsItsOwnRowsUnderOneRunId()
    {
        var warehouse = await CreateWithSchemaAsync();
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("n1", TestData.Day1), TestData.ScoreRows(3, "n1"), TestData.Metrics("rank", 1), TestData.CountRows("n1", 1)), Token);
        // Another pipeline writes one of the same tables for the same date.
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("v1", TestData.Day1, 1, pipeline: "value"), TestData.ScoreRows(2, "v1"), TestData.Metrics("value", 2)) with { ReplacedTables = [TestData.Scores] }, Token);

        // Re-running nightly replaces nightly's rows only, model_metrics included.
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("n2", TestData.Day1, 2), TestData.ScoreRows(4, "n2"), TestData.Metrics("rank", 3)), Token);

        var scores = await QueryAsync("SELECT pipeline, run_id, COUNT(*) FROM test_scores WHERE snapshot_date = DATE '2026-03-01' GROUP BY pipeline, run_id ORDER BY pipeline");
        Assert.AreEqual("nightly:n2:4,value:v1:2", string.Join(',', scores.Select(r => $"{r[0]}:{r[1]}:{r[2]}")));
        var metrics = await QueryAsync("SELECT pipeline, run_id, value FROM model_metrics ORDER BY pipeline");
        Assert.AreEqual("nightly:n2:3,value:v1:2", string.Join(',', metrics.Select(r => $"{r[0]}:{r[1]}:{r[2]}")), "model_metrics matches job_runs per (pipeline, snapshot)");
        Assert.AreEqual(0L, await CountAsync("SELECT COUNT(*) FROM test_counts"), "nightly's re-run wrote no counts: its table is empty for the snapshot");
    }

    [TestMethod]
    public async Task PublishAsync_KeepSnapshotDays_PrunesOnlyThisPipelinesSnapshots()
    {
        var warehouse = await CreateWithSchemaAsync();
        var day0 = TestData.Day1.AddDays(-1);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("w0", day0, pipeline: "weekly"), TestData.ScoreRows(2, "w0")), Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d0", day0), TestData.ScoreRows(2, "d0")), Token);
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("d1", TestData.Day1), TestData.ScoreRows(2, "d1")), Token);

        await warehouse.PublishAsync(Keeping(1, TestData.Publication(TestData.Run("d2", TestData.Day2), TestData.ScoreRows(2, "d2"))), Token);

        // Keep 1 as of day 2: day 0 goes; day 1 stays as the newest snapshot nightly had before this run.
        var labels = await QueryAsync("SELECT DISTINCT label FROM test_scores ORDER BY label");
        Assert.AreEqual("d1,d2,w0", string.Join(',', labels.Select(r => r[0])), "weekly's snapshot is not nightly's to prune");
    }

    [TestMethod]
    public async Task EnsureSchemaAsync_TablesOfEarlierVersion_AddsPipelineFromJobRunsAndDuplicatesColumn()
    {
        var warehouse = await CreateWarehouseAsync();
        await warehouse.EnsureSchemaAsync([TestData.Counts], Token);
        // What the previous version created: no pipeline column on snapshot tables, no duplicates_dropped on job_runs.
        foreach (var table in new[] { "test_counts", "model_metrics", "rejected_events" })
        {
            await QueryAsync($"ALTER TABLE {table} DROP COLUMN pipeline");
        }

        foreach (var column in new[] { "config", "after_snapshot", "events", "duplicates_dropped" })
        {
            await QueryAsync($"ALTER TABLE job_runs DROP COLUMN {column}");
        }

        await QueryAsync("INSERT INTO job_runs (run_id, pipeline, snapshot_date, status, started_at, input_rows, rejected_rows, app_version) VALUES " +
            "('old1', 'nightly', DATE '2026-03-01', 'succeeded', TIMESTAMP '2026-03-01 02:00:00', 10, 0, '0.9'), " +
            "('old2', 'value', DATE '2026-03-01', 'succeeded', TIMESTAMP '2026-03-01 03:00:00', 10, 0, '0.9')");
        await QueryAsync("INSERT INTO test_counts (run_id, snapshot_date, tag, n) VALUES " +
            "('old1', DATE '2026-03-01', 'a', 1), ('old2', DATE '2026-03-01', 'b', 2), ('gone', DATE '2026-03-01', 'c', 3)");

        await warehouse.EnsureSchemaAsync([TestData.Counts], Token);

        var owners = await QueryAsync("SELECT run_id, pipeline FROM test_counts ORDER BY run_id");
        Assert.AreEqual("gone:unknown,old1:nightly,old2:value", string.Join(',', owners.Select(r => $"{r[0]}:{r[1]}")));
        Assert.AreEqual(2L, await CountAsync("SELECT COUNT(*) FROM job_runs WHERE duplicates_dropped IS NULL AND events IS NULL AND after_snapshot IS NULL AND config IS NULL"), "old runs did not count or record these");
        var old = (await warehouse.GetRunsAsync("nightly", TestData.Day1, Token)).Single();
        Assert.AreEqual(0L, old.DuplicatesDropped);

        // The migrated table is published into like a new one: nightly's rows of the date are replaced, value's stay.
        await warehouse.PublishAsync(TestData.Publication(TestData.Run("new", TestData.Day1) with { DuplicatesDropped = 4, Events = 90, AfterSnapshot = 6 }, TestData.CountRows("d", 5)), Token);
        var tags = await QueryAsync("SELECT tag, pipeline FROM test_counts ORDER BY tag");
        Assert.AreEqual("b:value,c:unknown,d:nightly", string.Join(',', tags.Select(r => $"{r[0]}:{r[1]}")));
        Assert.AreEqual(4L, await CountAsync("SELECT duplicates_dropped FROM job_runs WHERE run_id = 'new'"));
        Assert.AreEqual(96L, await CountAsync("SELECT events + after_snapshot FROM job_runs WHERE run_id = 'new'"));
        var recorded = (await warehouse.GetRunsAsync("nightly", TestData.Day1, Token)).Single(r => r.RunId == "new");
        Assert.AreEqual((90L, 6L), (recorded.Events, recorded.AfterSnapshot));
    }

    [TestMethod]
    public async Task EnsureSchemaAsync_NewTables_HavePipelineColumnLast()
    {
        var warehouse = await CreateWarehouseAsync();

        await warehouse.EnsureSchemaAsync([TestData.Counts], Token);

        var columns = await QueryAsync("SELECT column_name FROM information_schema.columns WHERE table_name = 'test_counts' AND table_schema = current_schema() ORDER BY ordinal_position");
        Assert.AreEqual("run_id,snapshot_date,tag,n,pipeline", string.Join(',', columns.Select(r => r[0])));
        Assert.AreEqual(TableSchema.PipelineColumn, TestData.Counts.StoredColumns[^1].Name);
    }
}
