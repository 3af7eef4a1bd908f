using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs;
using RecsysBatch.Jobs.Runs;

namespace RecsysBatch.Cli.Tests;

/// <summary>The runner in-process, through the same AddRecsysBatch composition the CLI uses, with extra test stages.</summary>
[TestClass]
public sealed class PipelineRunnerTests
{
    [TestMethod]
    public async Task RunAsync_StageCannotApply_SkipsItWithNoteAndSucceeds()
    {
        using var temp = new TempFolder();
        var ratings = temp.File("u.data");
        File.WriteAllLines(ratings, ["1\t10\t4\t881250949", "1\t11\t3\t881250950", "2\t10\t5\t881250951"]);
        var pipeline = WritePipeline(temp, "category_only");

        var result = await Run(temp, new RunRequest(pipeline) { Sources = [new SourceSpec("movielens", ratings)] });

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Error);
        var skipped = result.Stages.Single(s => s.Stage == "category_only");
        Assert.AreEqual(StageReport.Skipped, skipped.Outcome);
        Assert.AreEqual("the source has no categories", skipped.Note);
        var db = temp.File("w.duckdb");
        StringAssert.Contains((string)WarehouseReader.Query(db, "SELECT notes FROM job_runs")[0][0]!, "category_only skipped: the source has no categories");
        Assert.AreEqual(0L, WarehouseReader.Scalar(db, "SELECT count(*) FROM test_category_counts"));
        Assert.AreEqual(2L, WarehouseReader.Scalar(db, "SELECT count(*) FROM user_features"));
    }

    [TestMethod]
    public async Task RunAsync_StageApplies_PublishesItsTable()
    {
        using var temp = new TempFolder();
        var events = temp.File("taobao.csv");
        File.WriteAllLines(events, ["1,10,100,pv,1511544070", "1,11,101,buy,1511544080", "2,10,100,cart,1511544090"]);
        var pipeline = WritePipeline(temp, "category_only");

        var result = await Run(temp, new RunRequest(pipeline) { Sources = [new SourceSpec("taobao", events)] });

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Error);
        Assert.AreEqual(2L, WarehouseReader.Scalar(temp.File("w.duckdb"), "SELECT categories FROM test_category_counts"));
        Assert.AreEqual(1L, result.TablesWritten["test_category_counts"]);
    }

    [TestMethod]
    public async Task RunAsync_StageThrows_RecordsFailedRunAndKeepsPreviousSnapshot()
    {
        using var temp = new TempFolder();
        var events = temp.File("taobao.csv");
        File.WriteAllLines(events, ["1,10,100,pv,1511544070", "2,10,100,cart,1511544090"]);
        var good = await Run(temp, new RunRequest(WritePipeline(temp, "category_only")) { Sources = [new SourceSpec("taobao", events)] });
        Assert.AreEqual(RunStatus.Succeeded, good.Status, good.Error);
        var db = temp.File("w.duckdb");
        var before = WarehouseReader.Snapshot(db, "user_features");

        var failed = await Run(temp, new RunRequest(WritePipeline(temp, "exploding")) { Sources = [new SourceSpec("taobao", events)] });

        Assert.AreEqual(RunStatus.Failed, failed.Status);
        Assert.AreEqual("InvalidOperationException: boom in stage", failed.Error);
        Assert.AreEqual(StageReport.Failed, failed.Stages[^1].Outcome);
        CollectionAssert.AreEqual(before, WarehouseReader.Snapshot(db, "user_features"));
        Assert.AreEqual(1L, WarehouseReader.Scalar(db, "SELECT count(*) FROM job_runs WHERE status = 'failed' AND error = 'InvalidOperationException: boom in stage'"));
        Assert.AreEqual(good.RunId, (string)WarehouseReader.Query(db, "SELECT DISTINCT run_id FROM user_features")[0][0]!);
    }

    [TestMethod]
    public async Task RunAsync_StageFailsAfterCountingAndQuarantining_RecordsCountsSnapshotAndKeepsLines()
    {
        using var temp = new TempFolder();
        var pipeline = temp.File("rejecting.pipeline.json");
        File.WriteAllText(pipeline, """{ "name": "nightly", "stages": [ { "name": "rejecting" } ] }""");

        var result = await Run(temp, new RunRequest(pipeline) { Sources = [new SourceSpec("canonical", temp.File("x.csv"))] });

        Assert.AreEqual(RunStatus.Failed, result.Status);
        var row = WarehouseReader.Query(temp.File("w.duckdb"), "SELECT input_rows, rejected_rows, duplicates_dropped, snapshot_date, error FROM job_runs")[0];
        Assert.AreEqual("10|3|2|2026-10-09", $"{row[0]}|{row[1]}|{row[2]}|{(DateOnly)row[3]!:yyyy-MM-dd}");
        var error = (string)row[4]!;
        Assert.IsFalse(error.Any(char.IsControl), "no raw control characters in job_runs.error: " + error);
        StringAssert.Contains(error, "\\x1B[31mred\\x00");
        StringAssert.Contains(error, "second line");
        var kept = Path.Combine(temp.File("runs"), result.RunId, "rejected_events.csv");
        StringAssert.Contains(error, kept);
        Assert.AreEqual(error, result.Error);
        var lines = File.ReadAllText(kept).Split("\r\n");
        Assert.AreEqual("source,line_number,reason,raw", lines[0]);
        Assert.AreEqual("canonical:x.csv,4,bad timestamp,\"u1,i1,\"\"c,1\"\",view,not-a-time,\"", lines[1]);
        Assert.AreEqual("canonical:x.csv,7,bad timestamp,\"u2,i2,c1,view,\u001b[31mred\0,\"", lines[2]);
    }

    [TestMethod]
    public async Task RunAsync_ClockFromTimeProvider_QuarantinesFutureEventsAndCapsTheDefaultSnapshot()
    {
        using var temp = new TempFolder();
        var events = temp.File("taobao.csv");
        // Clock 2017-11-24 12:00 UTC, tolerance 24 h: 11-25 06:00 is within it (kept, but after the capped snapshot
        // 11-25), 12-20 is beyond it (future timestamp). With the system clock both would be valid events.
        File.WriteAllLines(events, ["1,10,100,pv,1511485200", "2,10,100,cart,1511488800", "2,11,100,pv,1511589600", "3,12,101,buy,1513764000"]);
        var pipeline = temp.File("clock.pipeline.json");
        File.WriteAllText(pipeline, """{ "name": "nightly", "stages": [ { "name": "ingest", "options": { "maxRejectedShare": 0.5 } }, { "name": "featurize" } ] }""");

        var result = await Run(temp, new RunRequest(pipeline) { Sources = [new SourceSpec("taobao", events)] }, new FixedClock(new DateTimeOffset(2017, 11, 24, 12, 0, 0, TimeSpan.Zero)));

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Error);
        Assert.AreEqual(new DateOnly(2017, 11, 25), result.SnapshotDate, "at most the day after the clock's day");
        var db = temp.File("w.duckdb");
        Assert.AreEqual("future timestamp", (string)WarehouseReader.Query(db, "SELECT reason FROM rejected_events")[0][0]!);
        var run = WarehouseReader.Query(db, "SELECT input_rows, events, rejected_rows, after_snapshot, started_at FROM job_runs")[0];
        Assert.AreEqual("4|2|1|1", $"{run[0]}|{run[1]}|{run[2]}|{run[3]}");
        Assert.AreEqual(new DateTime(2017, 11, 24, 12, 0, 0), (DateTime)run[4]!, "the run records the clock it ran by");
    }

    private static async Task<RunResult> Run(TempFolder temp, RunRequest request, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recsys:Warehouse"] = "duckdb:" + temp.File("w.duckdb"),
            ["Recsys:ArtifactsPath"] = temp.File("runs"),
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddRecsysBatch(configuration)
            .AddSingleton<IPipelineStage, CategoryOnlyStage>()
            .AddSingleton<IPipelineStage, ExplodingStage>()
            .AddSingleton<IPipelineStage, RejectingStage>()
            .AddSingleton(clock ?? TimeProvider.System)
            .BuildServiceProvider();
        return await services.GetRequiredService<PipelineRunner>().RunAsync(request, progress: null, CancellationToken.None);
    }

    private static string WritePipeline(TempFolder temp, string extraStage)
    {
        var path = temp.File(extraStage + ".pipeline.json");
        File.WriteAllText(path, $$"""
            { "name": "nightly", "stages": [ { "name": "ingest" }, { "name": "featurize" }, { "name": "{{extraStage}}" } ] }
            """);
        return path;
    }
}
