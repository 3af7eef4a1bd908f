using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace RecsysBatch.Host;

/// <summary>
/// The Hangfire PostgreSQL storage settings of `recsys serve`, and that storage for a process that only needs its run
/// leases (`recsys run` and `recsys backfill`, so an in-process run and a served run of one snapshot never overlap).
/// </summary>
public static class ServeStorage
{
    public static PostgreSqlStorageOptions PostgresOptions(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PostgreSqlStorageOptions
        {
            SchemaName = options.SchemaName,
            PrepareSchemaIfNecessary = true,
            InvisibilityTimeout = TimeSpan.FromSeconds(options.InvisibilityTimeoutSeconds),
            DistributedLockTimeout = TimeSpan.FromSeconds(options.DistributedLockTimeoutSeconds),
            // A long stage keeps its job invisible while it runs; the timeout only hands over jobs of dead servers.
            UseSlidingInvisibilityTimeout = true,
        };
    }

    /// <summary>The served runs' storage when it is PostgreSQL (shared across processes); null for in-memory storage, whose leases no other process can see.</summary>
    public static JobStorage? OpenShared(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spec = HangfireStorageSpec.Parse(options.Storage);
        if (!spec.IsPostgres)
        {
            return null;
        }

        var settings = PostgresOptions(options);
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(spec.PostgresConnectionString!, settings), settings);
    }
}
