namespace RecsysBatch.Cli.Tests;

/// <summary>`recsys run` as a data engineer uses it: real process, real DuckDB file, synthetic data.</summary>
[TestClass]
public sealed class RunCommandTests
{
    [TestMethod]
    public void Run_SyntheticSample_PublishesSucceededSnapshotWithFeatures()
    {
        using var temp = new TempFolder();
        var events = Sample(temp, users: 300, days: 20, seed: 3);
        var pipeline = PipelineFiles.Write(temp.Path);
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "canonical:" + events, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        StringAssert.Contains(outcome.StdOut, "succeeded");
        StringAssert.Contains(outcome.StdOut, "user_features");
        Assert.AreEqual(1L, WarehouseReader.Scalar(db, "SELECT count(*) FROM job_runs WHERE status = 'succeeded'"));
        var users = WarehouseReader.Scalar(db, "SELECT count(*) FROM user_features");
        Assert.IsTrue(users is > 200 and <= 300, $"user_features rows: {users}");
        Assert.IsTrue(WarehouseReader.Scalar(db, "SELECT count(*) FROM item_features") > 100);
        var newest = WarehouseReader.Query(db, "SELECT max(last_event_at), any_value(snapshot_date) FROM user_features")[0];
        Assert.AreEqual(DateOnly.FromDateTime((DateTime)newest[0]!).AddDays(1), (DateOnly)newest[1]!, "default snapshot = day after newest event");
    }

    [TestMethod]
    public void Run_SameSnapshotTwice_ReplacesRowsAndWritesIdenticalTables()
    {
        using var temp = new TempFolder();
        var events = Sample(temp, users: 200, days: 15, seed: 5);
        var pipeline = PipelineFiles.Write(temp.Path);
        var db = temp.File("w.duckdb");
        string[] args = ["run", pipeline, "--source", "canonical:" + events, "--warehouse", "duckdb:" + db, "--as-of", "2026-10-12"];

        Assert.AreEqual(0, RecsysProcess.Run(temp.Path, args).ExitCode);
        var first = WarehouseReader.Snapshot(db, "user_features");
        var firstItems = WarehouseReader.Snapshot(db, "item_features");
        Assert.AreEqual(0, RecsysProcess.Run(temp.Path, args).ExitCode);

        CollectionAssert.AreEqual(first, WarehouseReader.Snapshot(db, "user_features"));
        CollectionAssert.AreEqual(firstItems, WarehouseReader.Snapshot(db, "item_features"));
        Assert.AreEqual(1L, WarehouseReader.Scalar(db, "SELECT count(DISTINCT run_id) FROM user_features"));
        Assert.AreEqual(2L, WarehouseReader.Scalar(db, "SELECT count(*) FROM job_runs WHERE status = 'succeeded'"));
    }

    [TestMethod]
    public void Run_EventsAfterSnapshot_ChangeNothing()
    {
        using var temp = new TempFolder();
        var events = Sample(temp, users: 150, days: 12, seed: 8);
        var later = temp.File("later.csv");
        File.Copy(events, later);
        File.AppendAllLines(later, ["u1,i1,c1,purchase,2026-10-06T00:00:00Z,999.00", "u2,i2,c1,view,2026-10-07T12:00:00Z,", "newuser,i3,c2,cart,2026-11-01T00:00:00Z,"]);
        var pipeline = PipelineFiles.Write(temp.Path);

        Assert.AreEqual(0, RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "canonical:" + events, "--warehouse", "duckdb:" + temp.File("a.duckdb"), "--as-of", "2026-10-06").ExitCode);
        Assert.AreEqual(0, RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "canonical:" + later, "--warehouse", "duckdb:" + temp.File("b.duckdb"), "--as-of", "2026-10-06").ExitCode);

        CollectionAssert.AreEqual(WarehouseReader.Snapshot(temp.File("a.duckdb"), "user_features"), WarehouseReader.Snapshot(temp.File("b.duckdb"), "user_features"));
        CollectionAssert.AreEqual(WarehouseReader.Snapshot(temp.File("a.duckdb"), "item_features"), WarehouseReader.Snapshot(temp.File("b.duckdb"), "item_features"));
    }

    [TestMethod]
    public void Run_SomeMalformedLines_QuarantinesThemWithReasons()
    {
        using var temp = new TempFolder();
        var path = temp.File("events.csv");
        var lines = new List<string> { "user_id,item_id,category_id,event_type,ts,value" };
        for (var i = 0; i < 60; i++)
        {
            lines.Add($"u{i % 7},i{i % 11},c{i % 3},view,2026-10-{1 + (i % 20):00}T10:00:00Z,");
        }

        lines.Insert(5, "u1,i1,c1,teleport,2026-10-02T10:00:00Z,");
        lines.Insert(9, "u1,i1,c1,view,not-a-time,");
        lines.Insert(20, "u1,i1");
        File.WriteAllLines(path, lines);
        var pipeline = PipelineFiles.Write(temp.Path, maxRejectedShare: 0.1);
        var db = temp.File("w.duckdb");

        var outcome = RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "canonical:" + path, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        var rejected = WarehouseReader.Query(db, "SELECT line_number, reason FROM rejected_events ORDER BY line_number");
        CollectionAssert.AreEqual(new long[] { 6, 10, 21 }, rejected.Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        Assert.IsTrue(rejected.All(r => !string.IsNullOrWhiteSpace((string?)r[1])));
        Assert.AreEqual(3L, WarehouseReader.Scalar(db, "SELECT rejected_rows FROM job_runs"));
        Assert.AreEqual(63L, WarehouseReader.Scalar(db, "SELECT input_rows FROM job_runs"));
    }

    [TestMethod]
    public void Run_GarbageFile_FailsWithOneLineErrorAndKeepsPreviousSnapshot()
    {
        using var temp = new TempFolder();
        var events = Sample(temp, users: 100, days: 10, seed: 11);
        var garbage = temp.File("garbage.csv");
        File.WriteAllLines(garbage, ["user_id,item_id,event_type,ts", "this is,not,an,event,file", "%%%%", "1,2"]);
        var pipeline = PipelineFiles.Write(temp.Path);
        var db = temp.File("w.duckdb");
        Assert.AreEqual(0, RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "canonical:" + events, "--warehouse", "duckdb:" + db, "--as-of", "2026-10-09").ExitCode);
        var before = WarehouseReader.Snapshot(db, "user_features");

        var outcome = RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "canonical:" + garbage, "--warehouse", "duckdb:" + db, "--as-of", "2026-10-09");

        Assert.AreEqual(1, outcome.ExitCode);
        StringAssert.StartsWith(outcome.LastErrorLine, "recsys: error: ");
        StringAssert.Contains(outcome.LastErrorLine, "garbage.csv");
        CollectionAssert.AreEqual(before, WarehouseReader.Snapshot(db, "user_features"));
        Assert.AreEqual(1L, WarehouseReader.Scalar(db, "SELECT count(*) FROM job_runs WHERE status = 'failed' AND error LIKE '%garbage.csv%'"));
        Assert.AreEqual(0L, WarehouseReader.Scalar(db, "SELECT count(*) FROM rejected_events"));
    }

    [TestMethod]
    public void Run_MissingSourceFile_FailsNamingTheFile()
    {
        using var temp = new TempFolder();
        var pipeline = PipelineFiles.Write(temp.Path);

        var outcome = RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "taobao:" + temp.File("nope.csv"), "--warehouse", "duckdb:" + temp.File("w.duckdb"));

        Assert.AreNotEqual(0, outcome.ExitCode);
        StringAssert.Contains(outcome.LastErrorLine, "nope.csv");
    }

    [TestMethod]
    public void Run_BadAsOf_ExitsWithInvalidInput()
    {
        using var temp = new TempFolder();
        var outcome = RecsysProcess.Run(temp.Path, "run", PipelineFiles.Write(temp.Path), "--as-of", "yesterday");

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.LastErrorLine, "--as-of 'yesterday'");
    }

    internal static string Sample(TempFolder temp, int users, int days, int seed)
    {
        var folder = temp.File("sample");
        var outcome = RecsysProcess.Run(temp.Path, "sample", "--out", folder, "--users", users.ToString(System.Globalization.CultureInfo.InvariantCulture), "--items", "400", "--days", days.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        return Path.Combine(folder, "events.csv");
    }
}
