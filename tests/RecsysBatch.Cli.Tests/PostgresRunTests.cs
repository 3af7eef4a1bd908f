using Npgsql;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Cli.Tests;

/// <summary>
/// `recsys run` of the real nightly pipeline into the private PostgreSQL server of the test command
/// (scripts/postgres.sh, RECSYS_TEST_POSTGRES), each test in a schema of its own.
/// </summary>
[TestClass]
public sealed class PostgresRunTests
{
    private const string Variable = "RECSYS_TEST_POSTGRES";

    internal static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                Assert.Fail($"{Variable} is not set: this test needs the private PostgreSQL server that the test command starts. Run `bash scripts/test.sh`.");
            }

            return value!;
        }
    }

    [TestMethod]
    public async Task Run_NightlyPipelineIntoPostgres_PublishesSucceededRunAndTables()
    {
        using var temp = new TempFolder();
        var events = RunCommandTests.Sample(temp, users: 300, days: 30, seed: 4);
        var schema = "cli_" + Guid.NewGuid().ToString("N")[..16];
        var pipeline = Path.Combine(RepoPaths.Root, "pipelines", "nightly.pipeline.json");
        try
        {
            var outcome = RecsysProcess.Run(
                temp.Path, "run", pipeline, "--source", "canonical:" + events, "--warehouse", $"postgres:{ConnectionString};Schema={schema}");

            Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
            StringAssert.Contains(outcome.StdOut, $"Schema={schema}");
            var runs = await QueryAsync(schema, "SELECT status, snapshot_date, finished_at, input_rows FROM job_runs");
            Assert.HasCount(1, runs);
            Assert.AreEqual("succeeded", runs[0][0]);
            Assert.IsNotNull(runs[0][2]);
            Assert.AreEqual((long)(File.ReadAllLines(events).Length - 1), runs[0][3]);
            var snapshot = (DateOnly)runs[0][1]!;
            var users = await QueryAsync(schema, "SELECT COUNT(*), COUNT(DISTINCT user_id), MIN(snapshot_date), MAX(snapshot_date) FROM user_features");
            Assert.IsTrue((long)users[0][0]! is > 200 and <= 300, $"user_features rows: {users[0][0]}");
            Assert.AreEqual(users[0][0], users[0][1], "one row per user");
            Assert.AreEqual((snapshot, snapshot), ((DateOnly)users[0][2]!, (DateOnly)users[0][3]!));
            // The factor arrays arrive as real[] of the model's rank, one per user with features.
            var factors = await QueryAsync(schema, "SELECT COUNT(*), MIN(cardinality(factors)), MAX(cardinality(factors)) FROM user_factors");
            Assert.AreEqual(users[0][0], factors[0][0]);
            Assert.IsGreaterThan(0, (int)factors[0][1]!);
            Assert.AreEqual(factors[0][1], factors[0][2]);
            Assert.IsGreaterThan(0L, (long)(await QueryAsync(schema, "SELECT COUNT(*) FROM model_metrics WHERE stage = 'factorize'"))[0][0]!);
        }
        finally
        {
            await QueryAsync(null, $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    [TestMethod]
    public void Run_PostgresUnreachable_FailsWithOneLineErrorWithoutPassword()
    {
        using var temp = new TempFolder();
        var pipeline = PipelineFiles.Write(temp.Path);
        File.WriteAllLines(temp.File("events.csv"), ["user_id,item_id,event_type,ts", "u1,i1,view,2026-10-01T10:00:00Z"]);
        var missing = temp.File("no-server");

        var outcome = RecsysProcess.Run(
            temp.Path, "run", pipeline, "--source", "canonical:" + temp.File("events.csv"), "--warehouse", $"postgres:Host={missing};Username=etl;Password=hunter2;Timeout=3");

        Assert.AreNotEqual(0, outcome.ExitCode);
        StringAssert.Contains(outcome.LastErrorLine, $"Warehouse postgres:Host={missing};");
        StringAssert.Contains(outcome.LastErrorLine, "unreachable");
        Assert.DoesNotContain("hunter2", outcome.StdErr + outcome.StdOut);
    }

    [TestMethod]
    public async Task Run_WhileAServedRunOfTheSameSnapshotHoldsTheLease_FailsNamingItThenRunsOnceItIsReleased()
    {
        using var temp = new TempFolder();
        var events = RunCommandTests.Sample(temp, users: 60, days: 14, seed: 6);
        var pipeline = temp.File("lease.pipeline.json");
        File.WriteAllText(pipeline, $$"""
            { "name": "leasetest", "horizonDays": 7, "sources": [ { "format": "canonical", "path": "{{events}}" } ], "stages": [ { "name": "ingest" } ] }
            """);
        var schema = "lease_" + Guid.NewGuid().ToString("N")[..16];
        var lease = new RunLease(new HangfireStorageSettings("postgres:" + ConnectionString, schema, 1800, 600).OpenShared()!, TimeProvider.System);
        var asOf = new DateOnly(2026, 10, 10);
        var environment = new Dictionary<string, string>
        {
            ["Recsys__Serve__Storage"] = "postgres:" + ConnectionString,
            ["Recsys__Serve__SchemaName"] = schema,
        };
        string[] args = ["run", pipeline, "--as-of", "2026-10-10", "--warehouse", "duckdb:" + temp.File("w.duckdb")];
        try
        {
            // A served run of the same pipeline and snapshot is in progress (recsys serve took the lease in the shared storage).
            lease.Acquire(new RunKey("leasetest", asOf, "served-run-1"));

            var refused = RecsysProcess.Run(temp.Path, environment, args);

            Assert.AreEqual(1, refused.ExitCode, refused.StdErr + refused.StdOut);
            StringAssert.Contains(refused.StdErr + refused.StdOut, "Run served-run-1 of pipeline 'leasetest' for snapshot 2026-10-10 is in progress");
            Assert.AreEqual("served-run-1", lease.Holder("leasetest", asOf), "the served run keeps its lease");

            lease.Release(new RunKey("leasetest", asOf, "served-run-1"));
            var ran = RecsysProcess.Run(temp.Path, environment, args);

            Assert.AreEqual(0, ran.ExitCode, ran.StdErr + ran.StdOut);
            Assert.IsNull(lease.Holder("leasetest", asOf), "the in-process run released its lease");
        }
        finally
        {
            await QueryAsync(null, $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    internal static async Task<List<object?[]>> QueryAsync(string? schema, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false };
        if (schema is not null)
        {
            builder.SearchPath = schema;
        }

        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
