using Npgsql;

namespace RecsysBatch.Host.Tests;

/// <summary>
/// Hangfire.PostgreSql storage on the private test server (RECSYS_TEST_POSTGRES, started by scripts/test.sh): the
/// schema is created, the schedule becomes a recurring job there, and a `--worker` joins the same storage.
/// </summary>
[TestClass]
public sealed class ServePostgresTests
{
    private const string Variable = "RECSYS_TEST_POSTGRES";

    [TestMethod]
    public async Task Serve_PostgresStorage_SyncsScheduleAndWorkerJoins()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Fail($"{Variable} is not set: this test needs the private PostgreSQL server the test command starts. " +
                "Run the tests with `bash scripts/test.sh` (or `source scripts/postgres.sh && recsys_pg_start` first).");
        }

        var schema = "hf_" + Guid.NewGuid().ToString("N")[..12];
        using var site = new ServeSite();
        site.Environment["Recsys__Serve__Storage"] = "postgres:" + connectionString;
        site.Environment["Recsys__Serve__SchemaName"] = schema;
        site.AllowLocal();
        try
        {
            using (var serve = site.Start())
            using (var worker = ServeProcess.Start(site.Root, site.Environment, ["serve", "--worker"], readyLine: "Hangfire worker on queues"))
            using (var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) })
            {
                var recurring = await http.GetStringAsync(new Uri("/hangfire/recurring", UriKind.Relative));

                StringAssert.Contains(recurring, ServeSite.ScheduleId);
                Assert.AreEqual(1L, await ScalarAsync(connectionString!, $"SELECT count(DISTINCT key) FROM \"{schema}\".hash WHERE key = 'recurring-job:{ServeSite.ScheduleId}'"));
                Assert.AreEqual(2L, await ScalarAsync(connectionString!, $"SELECT count(*) FROM \"{schema}\".server"), "the server and the worker share the storage");
                StringAssert.Contains(worker.StdErr, ServeSite.Queue);
            }
        }
        finally
        {
            await ScalarAsync(connectionString!, $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; SELECT 0");
        }
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
