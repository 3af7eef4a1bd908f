using System.Security.Cryptography;
using System.Text.Json;

namespace RecsysBatch.Cli.Tests;

/// <summary>job_runs.config (the run's effective configuration) and the --horizon-days / --set overrides of `recsys run`.</summary>
[TestClass]
public sealed class RunConfigurationTests
{
    private static readonly string[] ExpectedOverrides = ["--horizon-days 10", "--set ingest.maxRejectedShare=0.05", "--set ingest.validFrom=2000-01-01"];
    private static readonly string[] ValueStages = ["ingest", "featurize", "value"];

    [TestMethod]
    public void Run_WithHorizonAndSet_RecordsEffectiveConfiguration()
    {
        using var temp = new TempFolder();
        var events = RunCommandTests.Sample(temp, users: 60, days: 30, seed: 11);
        var pipeline = Path.Combine(RepoPaths.Root, "pipelines", "value.pipeline.json");
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "canonical:" + events, "--warehouse", "duckdb:" + db,
            "--horizon-days", "10", "--set", "ingest.maxRejectedShare=0.05", "--set", "ingest.validFrom=2000-01-01");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        using var config = JsonDocument.Parse((string)WarehouseReader.Query(db, "SELECT config FROM job_runs")[0][0]!);
        var root = config.RootElement;
        Assert.AreEqual("value", root.GetProperty("pipeline").GetString());
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(pipeline))), root.GetProperty("pipelineSha256").GetString());
        Assert.AreEqual(10, root.GetProperty("horizonDays").GetInt32());
        Assert.AreEqual(42, root.GetProperty("seed").GetInt32());
        CollectionAssert.AreEqual(
            ExpectedOverrides,
            root.GetProperty("overrides").EnumerateArray().Select(o => o.GetString()).ToArray());
        var file = root.GetProperty("sources")[0].GetProperty("files")[0];
        Assert.AreEqual(new FileInfo(events).Length, file.GetProperty("bytes").GetInt64());
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(events))), file.GetProperty("sha256").GetString());
        var stages = root.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        CollectionAssert.AreEquivalent(ValueStages, stages.Keys.ToArray());
        // Stages with options record them as bound; featurize has none (nothing bound, an empty object).
        Assert.IsTrue(stages["ingest"].GetProperty("bound").GetBoolean() && stages["value"].GetProperty("bound").GetBoolean());
        Assert.IsFalse(stages["featurize"].GetProperty("bound").GetBoolean());
        Assert.AreEqual("{}", stages["featurize"].GetProperty("options").GetRawText());
        Assert.IsTrue(stages["value"].GetProperty("options").EnumerateObject().Any(), "the value stage's defaults are recorded although the file sets none");
        var ingest = stages["ingest"].GetProperty("options");
        Assert.AreEqual(0.05, ingest.GetProperty("maxRejectedShare").GetDouble());
        // A default the file does not set is there too.
        Assert.IsTrue(ingest.TryGetProperty("futureToleranceHours", out _), ingest.GetRawText());
        // The horizon reached the stages: the value stage's training anchor is snapshot - 2 x 10 days (on this short
        // sample it is then skipped, which is what a short log with a longer horizon gives).
        StringAssert.Contains((string)WarehouseReader.Query(db, "SELECT notes FROM job_runs")[0][0]!, "(snapshot - 2 x 10 days)");
    }

    [TestMethod]
    public void Run_SetUnknownOption_ExitsTwoNamingItAndRunsNothing()
    {
        using var temp = new TempFolder();
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", Path.Combine(RepoPaths.Root, "pipelines", "value.pipeline.json"), "--warehouse", "duckdb:" + db,
            "--set", "ingest.maxRejectedShares=0.05");

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdErr);
        StringAssert.Contains(outcome.LastErrorLine, "after --set ingest.maxRejectedShares=0.05");
        StringAssert.Contains(outcome.LastErrorLine, "unknown property 'maxRejectedShares'");
        Assert.IsFalse(File.Exists(db), "nothing ran");
    }

    [TestMethod]
    public void Run_SetBadValueOrStage_ExitsTwoNamingIt()
    {
        using var temp = new TempFolder();
        var pipeline = Path.Combine(RepoPaths.Root, "pipelines", "value.pipeline.json");

        var badValue = RecsysProcess.Run(temp.Path, "run", pipeline, "--warehouse", "duckdb:" + temp.File("a.duckdb"), "--set", "ingest.maxRejectedShare=lots");
        var badStage = RecsysProcess.Run(temp.Path, "run", pipeline, "--warehouse", "duckdb:" + temp.File("b.duckdb"), "--set", "rank.topN=5");
        var badHorizon = RecsysProcess.Run(temp.Path, "run", pipeline, "--warehouse", "duckdb:" + temp.File("c.duckdb"), "--horizon-days", "0");

        Assert.AreEqual(2, badValue.ExitCode, badValue.StdErr);
        StringAssert.Contains(badValue.LastErrorLine, "$.stages[0].options.maxRejectedShare");
        Assert.AreEqual(2, badStage.ExitCode, badStage.StdErr);
        StringAssert.Contains(badStage.LastErrorLine, "--set rank.topN=5:");
        StringAssert.Contains(badStage.LastErrorLine, "has no stage 'rank'");
        Assert.AreEqual(2, badHorizon.ExitCode, badHorizon.StdErr);
        StringAssert.Contains(badHorizon.LastErrorLine, "after --horizon-days 0");
        StringAssert.Contains(badHorizon.LastErrorLine, "horizonDays");
    }

    [TestMethod]
    public void Run_FailedIngest_RecordsTheConfigurationToo()
    {
        using var temp = new TempFolder();
        var events = temp.Write("events.csv", "user_id,item_id,event_type,ts\nu1,i1,view,2026-10-01T10:00:00Z\nu2,i2,teleport,2026-10-01T11:00:00Z\n");
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", Path.Combine(RepoPaths.Root, "pipelines", "value.pipeline.json"), "--source", "canonical:" + events,
            "--warehouse", "duckdb:" + db, "--set", "ingest.maxRejectedShare=0.2");

        Assert.AreEqual(1, outcome.ExitCode, outcome.StdErr);
        var row = WarehouseReader.Query(db, "SELECT status, config FROM job_runs")[0];
        Assert.AreEqual("failed", row[0]);
        using var config = JsonDocument.Parse((string)row[1]!);
        var ingest = config.RootElement.GetProperty("stages")[0];
        Assert.AreEqual("ingest", ingest.GetProperty("name").GetString());
        Assert.AreEqual(0.2, ingest.GetProperty("options").GetProperty("maxRejectedShare").GetDouble());
        Assert.IsFalse(config.RootElement.GetProperty("stages")[2].GetProperty("bound").GetBoolean(), "value never ran: its options are as the file gives them");
    }
}
