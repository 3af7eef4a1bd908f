namespace RecsysBatch.Cli.Tests;

/// <summary>`recsys backfill`: past snapshots of the sample, one run per date, oldest first.</summary>
[TestClass]
public sealed class BackfillCommandTests
{
    [TestMethod]
    public void Backfill_TwoDatesOnTheSample_PublishesBothSnapshotsOldestFirst()
    {
        using var temp = new TempFolder();
        var pipeline = PipelineFiles.Write(temp.Path, name: "small");
        var db = temp.File("w.duckdb");
        var events = Path.Combine(RepoPaths.Root, "data", "sample", "events.csv");

        var outcome = RecsysProcess.Run(temp.Path, "backfill", pipeline, "--from", "2026-10-24", "--to", "2026-10-25", "--source", "canonical:" + events, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        StringAssert.Contains(outcome.StdOut, "snapshot 2026-10-24: succeeded");
        StringAssert.Contains(outcome.StdOut, "snapshot 2026-10-25: succeeded");
        var runs = WarehouseReader.Query(db, "SELECT snapshot_date, status FROM job_runs ORDER BY started_at");
        Assert.AreEqual(2, runs.Count);
        Assert.AreEqual(new DateOnly(2026, 10, 24), (DateOnly)runs[0][0]!);
        Assert.AreEqual(new DateOnly(2026, 10, 25), (DateOnly)runs[1][0]!);
        Assert.IsTrue(runs.All(r => (string)r[1]! == "succeeded"));
        Assert.AreEqual(2L, WarehouseReader.Scalar(db, "SELECT count(DISTINCT snapshot_date) FROM user_features"));
        Assert.IsTrue(WarehouseReader.Scalar(db, "SELECT count(*) FROM user_features WHERE last_event_at >= snapshot_date") == 0, "no event at or after its snapshot");
    }

    [TestMethod]
    public void Backfill_WithKeepSnapshotDays_KeepsTheNewestSnapshotsAndEveryRunRecord()
    {
        using var temp = new TempFolder();
        var pipeline = PipelineFiles.Write(temp.Path, name: "small");
        var db = temp.File("w.duckdb");
        var events = Path.Combine(RepoPaths.Root, "data", "sample", "events.csv");
        var environment = new Dictionary<string, string> { ["Recsys__KeepSnapshotDays"] = "2" };

        var outcome = RecsysProcess.Run(temp.Path, environment, "backfill", pipeline, "--from", "2026-10-24", "--to", "2026-10-26", "--source", "canonical:" + events, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        var snapshots = WarehouseReader.Query(db, "SELECT DISTINCT snapshot_date FROM user_features ORDER BY 1").Select(r => (DateOnly)r[0]!).ToList();
        CollectionAssert.AreEqual(new[] { new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 26) }, snapshots);
        Assert.AreEqual(3L, WarehouseReader.Scalar(db, "SELECT count(*) FROM job_runs WHERE status = 'succeeded'"));
    }

    [TestMethod]
    public void Backfill_OneDateFails_RunsTheOthersAndExitsOne()
    {
        using var temp = new TempFolder();
        var pipeline = PipelineFiles.Write(temp.Path, name: "small");
        var db = temp.File("w.duckdb");
        var events = temp.File("events.csv");
        File.WriteAllLines(events, ["user_id,item_id,category_id,event_type,ts,value", "u1,i1,c1,view,2026-10-01T10:00:00Z,", "u2,i1,c1,view,2026-10-02T10:00:00Z,"]);

        // Nothing happened before 2026-10-01: that snapshot has no events and fails; 2026-10-02 still runs.
        var outcome = RecsysProcess.Run(temp.Path, "backfill", pipeline, "--from", "2026-10-01", "--to", "2026-10-02", "--source", "canonical:" + events, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(1, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        StringAssert.Contains(outcome.LastErrorLine, "1 of 2 snapshot(s) failed: 2026-10-01");
        var runs = WarehouseReader.Query(db, "SELECT snapshot_date, status FROM job_runs ORDER BY started_at");
        Assert.AreEqual("2026-10-01 failed|2026-10-02 succeeded", string.Join("|", runs.Select(r => $"{(DateOnly)r[0]!:yyyy-MM-dd} {r[1]}")));
    }

    [TestMethod]
    [DataRow("2026-10-25", "2026-10-24", "is before --from")]
    [DataRow("2025-01-01", "2026-01-02", "spans 367 days")]
    [DataRow("2026-10-24", "tomorrow", "--to 'tomorrow' is not a date")]
    public void Backfill_BadRange_ExitsWithInvalidInputBeforeRunning(string from, string to, string reason)
    {
        using var temp = new TempFolder();
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "backfill", PipelineFiles.Write(temp.Path), "--from", from, "--to", to, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdErr);
        StringAssert.Contains(outcome.LastErrorLine, reason);
        Assert.IsFalse(File.Exists(db));
    }
}
