namespace RecsysBatch.Cli.Tests;

/// <summary>What a failed `recsys run` leaves: a job_runs row with what ingest counted, the quarantined lines, one log line.</summary>
[TestClass]
public sealed class RunFailureTests
{
    /// <summary>Needs ingest to leave its counts, rejected lines and snapshot in the working store before it throws (issue 14, item 8).</summary>
    [TestMethod]
    public void Run_TooManyRejects_RecordsCountsSnapshotAndKeepsRejectedLines()
    {
        using var temp = new TempFolder();
        var path = temp.File("events.csv");
        var lines = new List<string> { "user_id,item_id,category_id,event_type,ts,value" };
        for (var i = 0; i < 10; i++)
        {
            // 3 of 10 lines have a timestamp that does not parse: over the 1 % allowed.
            lines.Add(i % 3 == 1 ? $"u{i},i{i},c1,view,not-a-time-{i},\"x\"" : $"u{i},i{i},c1,view,2026-10-0{1 + (i % 5)}T10:00:00Z,");
        }

        File.WriteAllLines(path, lines);
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", PipelineFiles.Write(temp.Path), "--source", "canonical:" + path, "--warehouse", "duckdb:" + db, "--as-of", "2026-10-09");

        Assert.AreEqual(1, outcome.ExitCode, outcome.StdErr);
        var row = WarehouseReader.Query(db, "SELECT run_id, input_rows, rejected_rows, snapshot_date, status FROM job_runs")[0];
        Assert.AreEqual("10|3|2026-10-09|failed", $"{row[1]}|{row[2]}|{(DateOnly)row[3]!:yyyy-MM-dd}|{row[4]}");
        var kept = Path.Combine(temp.Path, "runs", (string)row[0]!, "rejected_events.csv");
        Assert.IsTrue(File.Exists(kept), kept);
        Assert.AreEqual(4, File.ReadAllLines(kept).Length, "header and the 3 rejected lines");
        StringAssert.Contains(outcome.LastErrorLine, kept);
    }

    [TestMethod]
    public void Run_BadData_LogsOneLineWithoutStackTraceAtDefaultLevel()
    {
        using var temp = new TempFolder();
        var garbage = temp.File("garbage.csv");
        File.WriteAllLines(garbage, ["user_id,item_id,event_type,ts", "this is,not,an,event,file", "%%%%", "1,2"]);

        var outcome = RecsysProcess.Run(temp.Path, "run", PipelineFiles.Write(temp.Path), "--source", "canonical:" + garbage, "--warehouse", "duckdb:" + temp.File("w.duckdb"), "--as-of", "2026-10-09");

        Assert.AreEqual(1, outcome.ExitCode, outcome.StdErr);
        Assert.IsFalse(outcome.StdErr.Contains("   at ", StringComparison.Ordinal), "an expected data failure logs no stack trace: " + outcome.StdErr);
        Assert.IsFalse(outcome.StdErr.Contains("RecsysException", StringComparison.Ordinal), outcome.StdErr);
        Assert.IsTrue(outcome.StdErr.Split('\n').Any(l => l.Contains("failed: ", StringComparison.Ordinal) && l.Contains("garbage.csv", StringComparison.Ordinal)), "the failure is logged in one line: " + outcome.StdErr);
    }

    [TestMethod]
    public void Run_Succeeds_SummaryAndJobRunsShowDuplicatesDropped()
    {
        using var temp = new TempFolder();
        var path = temp.File("events.csv");
        File.WriteAllLines(path, ["user_id,item_id,category_id,event_type,ts,value", "u1,i1,c1,view,2026-10-01T10:00:00Z,", "u2,i1,c1,view,2026-10-02T10:00:00Z,"]);
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", PipelineFiles.Write(temp.Path), "--source", "canonical:" + path, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        StringAssert.Contains(outcome.StdOut, "duplicates dropped 0");
        Assert.AreEqual(0L, WarehouseReader.Scalar(db, "SELECT duplicates_dropped FROM job_runs"));
    }
}
