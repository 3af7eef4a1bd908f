using Npgsql;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>
/// The private PostgreSQL server that scripts/test.sh starts (scripts/postgres.sh) and names in RECSYS_TEST_POSTGRES.
/// Without it the PostgreSQL tests fail, never skip: the contract must be checked on a real server.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "RECSYS_TEST_POSTGRES";

    /// <summary>The Npgsql connection string of the test server.</summary>
    public static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                Assert.Fail(
                    $"{Variable} is not set: the PostgreSQL tests need the private server that the test command starts. " +
                    "Run the tests with `bash scripts/test.sh` (or `source scripts/postgres.sh && recsys_pg_start` first).");
            }

            return value!;
        }
    }

    /// <summary>A schema name no other test uses (tests run in parallel on one server).</summary>
    public static string NewSchema(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..16];

    public static async Task DropSchemaAsync(string schema)
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            return; // the test itself already failed with the reason
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
