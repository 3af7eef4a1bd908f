using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace RecsysBatch.Host.Tests;

/// <summary>
/// Two `recsys serve` processes sharing Hangfire.PostgreSql storage: the server running a stage is killed with
/// SIGKILL in the middle of it; the other server takes the stage over once the invisibility timeout has passed,
/// and the run publishes tables identical to a `recsys run` of the same pipeline and snapshot in one process.
/// </summary>
[TestClass]
public sealed class TwoServerKillTests
{
    private const string Variable = "RECSYS_TEST_POSTGRES";
    private static readonly DateOnly Snapshot = new(2026, 10, 10);

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task Kill9_OfTheServerRunningAStage_OtherServerCompletesTheRunWithIdenticalTables()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Fail($"{Variable} is not set: run the tests with `bash scripts/test.sh`, which starts a private PostgreSQL server.");
        }

        var schema = "hf_kill_" + Guid.NewGuid().ToString("N")[..10];
        using var site = new ServeSite();
        site.Environment["Recsys__Serve__Storage"] = "postgres:" + connectionString;
        site.Environment["Recsys__Serve__SchemaName"] = schema;
        site.Environment["Recsys__Serve__InvisibilityTimeoutSeconds"] = "30";
        site.Environment["Recsys__Serve__DistributedLockTimeoutSeconds"] = "10";
        site.Environment["Recsys__Serve__WorkerCount"] = "1";
        site.AllowLocal();
        site.Environment["RECSYS_FAULT_PAUSE_STAGE"] = "featurize:8000";
        var storageOptions = new PostgreSqlStorageOptions { SchemaName = schema, PrepareSchemaIfNecessary = false };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
        try
        {
            using var first = site.Start();
            using var second = ServeProcess.Start(site.Root, site.Environment, ["serve", "--worker"], readyLine: "Hangfire worker on queues");
            using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
            http.DefaultRequestHeaders.Add("X-Recsys-Admin", "test");
            using var trigger = await http.PostAsync(new Uri($"/admin/runs?schedule={ServeSite.ScheduleId}&asOf={Snapshot:yyyy-MM-dd}", UriKind.Relative), null);
            Assert.IsTrue(trigger.IsSuccessStatusCode, await trigger.Content.ReadAsStringAsync());

            // Wait until a server is inside the featurize stage, then kill that server.
            string? featurizeJob = null;
            var victimPid = await WaitForAsync(() =>
            {
                var processing = storage.GetMonitoringApi().ProcessingJobs(0, 10)
                    .FirstOrDefault(j => j.Value.Job?.Method.Name == "StageAsync" && (string)j.Value.Job.Args[1] == "featurize");
                featurizeJob = processing.Key;
                return processing.Value is null ? (int?)null : PidOf(processing.Value.ServerId);
            }, TimeSpan.FromSeconds(60), "a server to start the featurize stage", () => Diagnose(storage, first, second));
            var (victim, survivor) = victimPid == first.ProcessId ? (first, second) : (second, first);
            Assert.AreEqual(victimPid, victim.ProcessId, "the processing server is one of the two");
            await Task.Delay(1500);
            using (var kill = Process.Start("kill", ["-KILL", victimPid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var succeeded = await WaitForAsync(
                () => WarehouseReader.TryScalar(site.WarehousePath, $"SELECT count(*) FROM job_runs WHERE status = 'succeeded' AND snapshot_date = DATE '{Snapshot:yyyy-MM-dd}'") is > 0 ? (int?)1 : null,
                TimeSpan.FromSeconds(150),
                "the surviving server to finish the run",
                () => Diagnose(storage, first, second));
            Assert.AreEqual(1, succeeded);
            Assert.IsFalse(survivor.HasExited, "the surviving server keeps running");
            var processedBy = storage.GetMonitoringApi().JobDetails(featurizeJob).History
                .Where(h => h.StateName == "Processing")
                .Select(h => PidOf(h.Data["ServerId"]))
                .ToList();
            CollectionAssert.Contains(processedBy, (int?)victimPid, "the killed server had started the featurize stage");
            CollectionAssert.Contains(processedBy, (int?)survivor.ProcessId, "the surviving server took the featurize stage over");

            // The same pipeline and snapshot in one process, into another warehouse: the tables must be identical.
            var reference = Path.Combine(site.Root, "reference.duckdb");
            var run = ServeProcess.RunToExit(site.Root, site.Environment, ["run", "pipelines/small.pipeline.json", "--as-of", Snapshot.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--warehouse", "duckdb:" + reference]);
            Assert.AreEqual(0, run.ExitCode, run.StdErr);
            foreach (var table in new[] { "user_features", "item_features" })
            {
                CollectionAssert.AreEqual(TableRows.Read(reference, table), TableRows.Read(site.WarehousePath, table), $"{table} differs from the single-process run");
            }
        }
        finally
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Hangfire server ids are "host:pid:guid".</summary>
    private static int? PidOf(string serverId)
    {
        var parts = serverId.Split(':');
        return parts.Length >= 2 && int.TryParse(parts[^2], CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static string Diagnose(PostgreSqlStorage storage, ServeProcess first, ServeProcess second)
    {
        var monitor = storage.GetMonitoringApi();
        var stats = monitor.GetStatistics();
        var failed = monitor.FailedJobs(0, 5).Select(j => $"{j.Value.Job?.Method.Name} {j.Value.ExceptionMessage}");
        return $"enqueued {stats.Enqueued}, processing {stats.Processing}, succeeded {stats.Succeeded}, failed {stats.Failed}, scheduled {stats.Scheduled}; " +
            $"failed jobs: {string.Join(" | ", failed)}\nfirst stdout:\n{first.StdOut}\nfirst stderr:\n{first.StdErr}\nsecond stdout:\n{second.StdOut}\nsecond stderr:\n{second.StdErr}";
    }

    private static async Task<int> WaitForAsync(Func<int?> probe, TimeSpan timeout, string what, Func<string> diagnose)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(300);
        }

        Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}. {diagnose()}");
        return 0;
    }
}
