using System.Globalization;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace RecsysBatch.Host.Tests;

/// <summary>
/// Scale-out on the engine we run (issue 17): three `recsys serve` processes share Hangfire.PostgreSql storage and split
/// one nightly of data/sample whose per-user stages each run in three shards; every shard job runs, the shards spread
/// over more than one server, and the published tables equal a `recsys run` of the same pipeline in one process.
/// </summary>
[TestClass]
public sealed class ThreeServerShardTests
{
    private const string Variable = "RECSYS_TEST_POSTGRES";
    private const string ScheduleId = "sharded-nightly";
    private const int Shards = 3;
    private static readonly DateOnly Snapshot = new(2026, 10, 31);

    private static readonly string[] NightlyStages = ["ingest", "featurize", "factorize", "rank", "interest", "value", "influence"];

    /// <summary>The stages of the nightly that can be split into shards; each runs in <see cref="Shards"/> here.</summary>
    private static readonly string[] ShardedStages = ["factorize", "rank", "interest", "value", "influence"];

    private static readonly string[] Tables =
    [
        "user_features", "item_features", "user_factors", "item_factors", "candidates", "similar_users", "recommendations",
        "behavior_predictions", "user_interest_evolution", "user_interest_drift", "user_value_scores", "influence_coefficients",
        "behavior_funnel", "event_counts",
    ];

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task Three_servers_split_the_per_user_stages_and_publish_what_one_process_does()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Fail($"{Variable} is not set: run the tests with `bash scripts/test.sh`, which starts a private PostgreSQL server.");
        }

        var schema = "hf_shards_" + Guid.NewGuid().ToString("N")[..10];
        using var site = new ServeSite();
        var stages = string.Join(", ", NightlyStages.Select(s => ShardedStages.Contains(s) ? $$"""{ "name": "{{s}}", "shards": {{Shards}} }""" : $$"""{ "name": "{{s}}" }"""));
        File.WriteAllText(Path.Combine(site.Root, "pipelines", "sharded.pipeline.json"), $$"""
            {
              "name": "sharded",
              "horizonDays": 7,
              "sources": [ { "format": "canonical", "path": "{{RepoPaths.SampleEvents}}" } ],
              "stages": [ {{stages}} ]
            }
            """);
        site.WriteSchedule("sharded", ScheduleId, "pipelines/sharded.pipeline.json");
        site.Environment["Recsys__Serve__Storage"] = "postgres:" + connectionString;
        site.Environment["Recsys__Serve__SchemaName"] = schema;
        site.Environment["Recsys__Serve__WorkerCount"] = "1";
        site.AllowLocal();
        var storageOptions = new PostgreSqlStorageOptions { SchemaName = schema, PrepareSchemaIfNecessary = false };
        try
        {
            using var first = site.Start();
            using var second = ServeProcess.Start(site.Root, site.Environment, ["serve", "--worker"], readyLine: "Hangfire worker on queues");
            using var third = ServeProcess.Start(site.Root, site.Environment, ["serve", "--worker"], readyLine: "Hangfire worker on queues");
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
            using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
            http.DefaultRequestHeaders.Add("X-Recsys-Admin", "test");
            using var trigger = await http.PostAsync(new Uri($"/admin/runs?schedule={ScheduleId}&asOf={Snapshot:yyyy-MM-dd}", UriKind.Relative), null);
            Assert.IsTrue(trigger.IsSuccessStatusCode, await trigger.Content.ReadAsStringAsync());

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(300);
            var date = Snapshot.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            while (WarehouseReader.TryScalar(site.WarehousePath, $"SELECT count(*) FROM job_runs WHERE status <> 'running' AND snapshot_date = DATE '{date}'") is not > 0)
            {
                Assert.IsTrue(DateTime.UtcNow < deadline, $"the sharded run did not finish in 300 s.\nfirst:\n{first.StdOut}\n{first.StdErr}\nsecond:\n{second.StdErr}\nthird:\n{third.StdErr}");
                await Task.Delay(500);
            }

            Assert.AreEqual(1L, WarehouseReader.TryScalar(site.WarehousePath, $"SELECT count(*) FROM job_runs WHERE status = 'succeeded' AND snapshot_date = DATE '{date}'"),
                $"the sharded run succeeded.\nfirst:\n{first.StdOut}\n{first.StdErr}");

            var monitor = storage.GetMonitoringApi();
            var shardJobs = monitor.SucceededJobs(0, 500).Where(j => j.Value.Job?.Method.Name == "ShardAsync").ToList();
            foreach (var stage in ShardedStages)
            {
                var shards = shardJobs.Where(j => (string)j.Value.Job.Args[1] == stage).Select(j => (int)j.Value.Job.Args[3]).Order().ToList();
                CollectionAssert.AreEqual(Enumerable.Range(1, Shards).ToList(), shards, $"stage {stage}: one job per shard");
            }

            var servers = shardJobs
                .SelectMany(j => monitor.JobDetails(j.Key).History.Where(h => h.StateName == "Processing").Select(h => h.Data["ServerId"]))
                .Select(id => id.Split(':')[^2])
                .Distinct()
                .ToList();
            Assert.IsTrue(servers.Count >= 2, $"the shards ran on more than one server (on {string.Join(", ", servers)})");

            var reference = Path.Combine(site.Root, "reference.duckdb");
            var run = ServeProcess.RunToExit(site.Root, site.Environment, ["run", "pipelines/sharded.pipeline.json", "--as-of", date, "--warehouse", "duckdb:" + reference], TimeSpan.FromSeconds(300));
            Assert.AreEqual(0, run.ExitCode, run.StdErr);
            foreach (var table in Tables)
            {
                var expected = TableRows.Read(reference, table, Snapshot);
                Assert.IsTrue(expected.Count > 0, $"{table} has rows in the one-process run");
                CollectionAssert.AreEqual(expected, TableRows.Read(site.WarehousePath, table, Snapshot), $"{table}: the three-server run differs from the one-process run");
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
}
