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

    private static async Task<RunResult> Run(TempFolder temp, RunRequest request)
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
