using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs;
using RecsysBatch.Jobs.Runs;

namespace RecsysBatch.Cli.Tests;

/// <summary>Recsys:MemoryLimitGb: a stage that passes it fails the run with one line and publishes nothing.</summary>
[TestClass]
public sealed class MemoryLimitTests
{
    [TestMethod]
    [DataRow("ballast")]
    [DataRow("ballast_quiet")]
    public async Task RunAsync_StagePassesMemoryLimit_FailsWithOneLineAndKeepsPreviousSnapshot(string stage)
    {
        using var temp = new TempFolder();
        var events = temp.File("taobao.csv");
        File.WriteAllLines(events, ["1,10,100,pv,1511544070", "2,10,100,cart,1511544090"]);
        var good = await Run(temp, Request(temp, events, "featurize"), limitGb: null);
        Assert.AreEqual(RunStatus.Succeeded, good.Status, good.Error);
        var db = temp.File("w.duckdb");
        var before = WarehouseReader.Snapshot(db, "user_features");

        // 128 MB above what the process holds now: ingest and featurize of two events stay under it, the ballast does not.
        var limit = (Environment.WorkingSet + (128L << 20)) / (1024.0 * 1024 * 1024);
        var failed = await Run(temp, Request(temp, events, stage), limit);

        Assert.AreEqual(RunStatus.Failed, failed.Status);
        StringAssert.StartsWith(failed.Error, $"Stage {stage} passed the memory limit: working set ");
        StringAssert.Contains(failed.Error, string.Create(CultureInfo.InvariantCulture, $"> Recsys:MemoryLimitGb {limit:0.00} GB; the run stopped and published nothing."));
        StringAssert.Contains(failed.Error, "shards");
        Assert.AreEqual(StageReport.Failed, failed.Stages[^1].Outcome);
        CollectionAssert.AreEqual(before, WarehouseReader.Snapshot(db, "user_features"));
        Assert.AreEqual(good.RunId, (string)WarehouseReader.Query(db, "SELECT DISTINCT run_id FROM user_features")[0][0]!);
        Assert.AreEqual(failed.Error, (string)WarehouseReader.Query(db, "SELECT error FROM job_runs WHERE status = 'failed'")[0][0]!);
    }

    [TestMethod]
    public void MemoryLimitBytes_UnsetIsNinetyPercentOfAvailable_ZeroIsOff()
    {
        Assert.AreEqual(900L, new Core.Options.RecsysOptions().MemoryLimitBytes(1000));
        Assert.IsNull(new Core.Options.RecsysOptions { MemoryLimitGb = 0 }.MemoryLimitBytes(1000));
        Assert.AreEqual(3L << 29, new Core.Options.RecsysOptions { MemoryLimitGb = 1.5 }.MemoryLimitBytes(1000));
    }

    [TestMethod]
    public void Preflight_EventsTimesBytesPerEventClearlyOverLimit_Warns()
    {
        var context = new StageContext("r", new PipelineDefinition { Name = "nightly", FilePath = "p.json", Sources = [], Stages = [] }, new DateOnly(2026, 1, 1), 42, ".", new RunData());
        var events = new Core.Events.EventTable();
        for (var i = 0; i < 1000; i++)
        {
            events.Add(i, i, 0, Core.Events.EventType.View, i, 0);
        }

        context.Data.Events = events;
        var expected = MemoryPreflight.Expected(1000);
        Assert.AreEqual(MemoryPreflight.BaseBytes + (1000 * MemoryPreflight.BytesPerEvent), expected);
        Assert.IsNull(MemoryPreflight.Warning(context, expected), "an estimate at the limit fits");
        Assert.IsNull(MemoryPreflight.Warning(context, (long)(expected / 1.2)), "an estimate within the margin fits");
        StringAssert.StartsWith(MemoryPreflight.Warning(context, expected / 2), "memory pre-flight: ~0.83 GB + 1,000 events x ~300 bytes/event");
        Assert.IsNull(MemoryPreflight.Warning(context, null));
    }

    private static RunRequest Request(TempFolder temp, string events, string lastStage)
    {
        var path = temp.File(lastStage + ".pipeline.json");
        File.WriteAllText(path, $$"""
            { "name": "nightly", "stages": [ { "name": "ingest" }, { "name": "featurize" }{{(lastStage == "featurize" ? "" : $$""", { "name": "{{lastStage}}" }""")}} ] }
            """);
        return new RunRequest(path) { Sources = [new SourceSpec("taobao", events)] };
    }

    private static async Task<RunResult> Run(TempFolder temp, RunRequest request, double? limitGb)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Recsys:Warehouse"] = "duckdb:" + temp.File("w.duckdb"),
            ["Recsys:ArtifactsPath"] = temp.File("runs"),
            ["Recsys:MemoryLimitGb"] = limitGb?.ToString(CultureInfo.InvariantCulture) ?? "0",
        };
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddRecsysBatch(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<IPipelineStage>(new BallastStage("ballast"))
            .AddSingleton<IPipelineStage>(new BallastStage("ballast_quiet"))
            .BuildServiceProvider();
        return await services.GetRequiredService<PipelineRunner>().RunAsync(request, progress: null, CancellationToken.None);
    }
}
