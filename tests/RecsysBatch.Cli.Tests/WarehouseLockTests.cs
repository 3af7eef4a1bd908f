using System.Diagnostics;
using DuckDB.NET.Data;

namespace RecsysBatch.Cli.Tests;

/// <summary>
/// A warehouse file held by another process when a run publishes: the run fails (exit 1), and its job_runs row ends
/// 'failed' once the file is free, never stuck at 'running'. The other process is this test process, which holds the
/// DuckDB file open read-write (DuckDB's file lock) while the real `recsys` process runs.
/// </summary>
[TestClass]
public sealed class WarehouseLockTests
{
    [TestMethod]
    public void Run_WarehouseLockedThroughPublish_FailsAndNextRunRecordsTheFailure()
    {
        using var temp = new TempFolder();
        var events = temp.File("e.csv");
        File.WriteAllLines(events, ["user_id,item_id,category_id,event_type,ts,value", "u1,i1,c1,view,2026-10-01T10:00:00Z,", "u2,i1,c1,view,2026-10-02T10:00:00Z,"]);
        var db = temp.File("w.duckdb");
        var pipeline = PipelineFiles.Write(temp.Path);
        var environment = new Dictionary<string, string>
        {
            // featurize waits, so the lock can be taken after the run recorded itself 'running' and before it publishes.
            ["RECSYS_FAULT_PAUSE_STAGE"] = "featurize:6000",
            ["RECSYS_DUCKDB_LOCK_TIMEOUT_SECONDS"] = "2",
        };

        using var locked = RecsysProcess.Start(temp.Path, environment, "run", pipeline, "--source", "canonical:" + events, "--warehouse", "duckdb:" + db);
        var stderr = locked.StandardError.ReadToEndAsync();
        var stdout = locked.StandardOutput.ReadToEndAsync();
        WaitForRunningRow(db, locked);
        string runId;
        using (var holder = new DuckDBConnection("Data Source=" + db))
        {
            holder.Open();
            using (var command = holder.CreateCommand())
            {
                command.CommandText = "SELECT run_id FROM job_runs WHERE status = 'running'";
                runId = (string)command.ExecuteScalar()!;
            }

            Assert.IsTrue(locked.WaitForExit(TimeSpan.FromMinutes(2)), "the locked run ends");
        }

        Assert.AreEqual(1, locked.ExitCode, stderr.Result + stdout.Result);
        StringAssert.Contains(stderr.Result, "locked by another process");
        Assert.AreEqual("running", (string)WarehouseReader.Query(db, $"SELECT status FROM job_runs WHERE run_id = '{runId}'")[0][0]!, "not recorded yet: the file was held");

        var next = RecsysProcess.Run(temp.Path, "run", pipeline, "--source", "canonical:" + events, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, next.ExitCode, next.StdErr);
        var row = WarehouseReader.Query(db, $"SELECT status, error FROM job_runs WHERE run_id = '{runId}'")[0];
        Assert.AreEqual("failed", (string)row[0]!);
        StringAssert.Contains((string)row[1]!, "locked by another process");
    }

    private static void WaitForRunningRow(string db, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(1) && !process.HasExited)
        {
            try
            {
                if (File.Exists(db) && WarehouseReader.Scalar(db, "SELECT count(*) FROM job_runs WHERE status = 'running'") == 1)
                {
                    return;
                }
            }
            catch (DuckDBException)
            {
                // The run holds the file for a moment: look again.
            }

            Thread.Sleep(100);
        }

        Assert.Fail("the run never recorded itself running");
    }
}
