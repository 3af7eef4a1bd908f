using System.Diagnostics;

namespace RecsysBatch.Cli.Tests;

/// <summary>kill -9 at any point of a run: no half snapshot is ever visible, and a re-run equals a clean run.</summary>
[TestClass]
public sealed class KillTests
{
    private const string AsOf = "2026-10-20";

    [TestMethod]
    public void Run_KilledAtAnyPoint_NeverShowsHalfSnapshotAndRerunEqualsCleanRun()
    {
        using var temp = new TempFolder();
        var big = RunCommandTests.Sample(temp, users: 2500, days: 20, seed: 21);
        var small = temp.File("small.csv");
        File.WriteAllLines(small, File.ReadLines(big).Take(2000));
        var pipeline = PipelineFiles.Write(temp.Path);
        var reference = temp.File("reference.duckdb");
        var db = temp.File("w.duckdb");
        string[] Args(string source, string warehouse) => ["run", pipeline, "--source", "canonical:" + source, "--warehouse", "duckdb:" + warehouse, "--as-of", AsOf];

        Assert.AreEqual(0, RecsysProcess.Run(temp.Path, Args(big, reference)).ExitCode);
        Assert.AreEqual(0, RecsysProcess.Run(temp.Path, Args(small, db)).ExitCode);
        var complete = WarehouseReader.Snapshot(reference, "user_features");
        var previous = WarehouseReader.Snapshot(db, "user_features");
        Assert.AreNotEqual(complete.Count, previous.Count);

        // Kill at spread-out moments of the run, then once inside the publish transaction (the fault-injection pause).
        foreach (var delayMs in new[] { 150, 400, 700, 1000, 1400, 1900, 2500 })
        {
            KillAfter(temp.Path, Args(big, db), TimeSpan.FromMilliseconds(delayMs), waitForLine: null);
            AssertWholeSnapshot(db, previous, complete);
        }

        KillAfter(temp.Path, Args(big, db), TimeSpan.Zero, waitForLine: "publish paused", pauseInPublishMs: 30_000);
        var visible = AssertWholeSnapshot(db, previous, complete);
        Assert.IsTrue(visible.SequenceEqual(previous) || visible.SequenceEqual(complete));

        Assert.AreEqual(0, RecsysProcess.Run(temp.Path, Args(big, db)).ExitCode);
        CollectionAssert.AreEqual(complete, WarehouseReader.Snapshot(db, "user_features"));
        CollectionAssert.AreEqual(WarehouseReader.Snapshot(reference, "item_features"), WarehouseReader.Snapshot(db, "item_features"));
        Assert.AreEqual(1L, WarehouseReader.Scalar(db, "SELECT count(DISTINCT run_id) FROM user_features"));
        Assert.AreEqual(0L, WarehouseReader.Scalar(db, "SELECT count(*) FROM job_runs WHERE status = 'running'"), "killed runs are marked abandoned when a later run publishes");
    }

    private static List<string> AssertWholeSnapshot(string db, List<string> previous, List<string> complete)
    {
        var visible = WarehouseReader.Snapshot(db, "user_features");
        Assert.IsTrue(visible.SequenceEqual(previous) || visible.SequenceEqual(complete), $"a half snapshot is visible: {visible.Count} rows (previous {previous.Count}, complete {complete.Count})");
        Assert.AreEqual(1L, WarehouseReader.Scalar(db, "SELECT count(DISTINCT run_id) FROM user_features"));
        return visible;
    }

    private static void KillAfter(string folder, string[] args, TimeSpan delay, string? waitForLine, int pauseInPublishMs = 0)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RepoPaths.RecsysDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["RECSYS__ARTIFACTSPATH"] = Path.Combine(folder, "runs");
        if (pauseInPublishMs > 0)
        {
            info.Environment["RECSYS_FAULT_PAUSE_IN_PUBLISH_MS"] = pauseInPublishMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(info)!;
        var paused = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) => { if (waitForLine is not null && e.Data?.Contains(waitForLine, StringComparison.Ordinal) == true) { paused.Set(); } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (waitForLine is not null)
        {
            Assert.IsTrue(paused.Wait(TimeSpan.FromMinutes(2)), "the run never reached the publish pause");
        }
        else
        {
            Thread.Sleep(delay);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Linux
        }

        process.WaitForExit();
    }
}
