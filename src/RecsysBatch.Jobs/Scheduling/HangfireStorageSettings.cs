using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Configuration;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// Where `recsys serve` keeps its jobs and run leases (Recsys:Serve: Storage, SchemaName and the two timeouts), and
/// that storage for a process that only needs its run leases (`recsys run` and `recsys backfill`, so an in-process
/// run and a served run of one snapshot never overlap).
/// </summary>
public sealed record HangfireStorageSettings(string Storage, string SchemaName, int InvisibilityTimeoutSeconds, int DistributedLockTimeoutSeconds)
{
    public const string Section = "Recsys:Serve";
    public const string DefaultSchemaName = "hangfire";
    public const int DefaultInvisibilityTimeoutSeconds = 1800;
    public const int DefaultDistributedLockTimeoutSeconds = 600;

    /// <summary>
    /// PostgreSQL: idle servers wait for new jobs with LISTEN/NOTIFY instead of polling the queue every 15 s, so the
    /// shards of a split stage start on every idle server at once (off behind a pooler that drops LISTEN, e.g.
    /// PgBouncer in transaction mode).
    /// </summary>
    public bool LongPolling { get; init; } = true;

    /// <summary>The settings under Recsys:Serve of <paramref name="configuration"/>, with the defaults of `recsys serve`.</summary>
    public static HangfireStorageSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        return new(
            section["Storage"] ?? HangfireStorageSpec.InMemory,
            section["SchemaName"] ?? DefaultSchemaName,
            Seconds(section["InvisibilityTimeoutSeconds"], DefaultInvisibilityTimeoutSeconds),
            Seconds(section["DistributedLockTimeoutSeconds"], DefaultDistributedLockTimeoutSeconds))
        {
            LongPolling = section.GetValue<bool?>("LongPolling") ?? true,
        };
    }

    public PostgreSqlStorageOptions PostgresOptions() => new()
    {
        SchemaName = SchemaName,
        PrepareSchemaIfNecessary = true,
        InvisibilityTimeout = TimeSpan.FromSeconds(InvisibilityTimeoutSeconds),
        DistributedLockTimeout = TimeSpan.FromSeconds(DistributedLockTimeoutSeconds),
        // A long stage keeps its job invisible while it runs; the timeout only hands over jobs of dead servers.
        UseSlidingInvisibilityTimeout = true,
        EnableLongPolling = LongPolling,
    };

    /// <summary>The storage when it is PostgreSQL (shared across processes); null for in-memory storage, whose leases no other process can see.</summary>
    public JobStorage? OpenShared()
    {
        var spec = HangfireStorageSpec.Parse(Storage);
        if (!spec.IsPostgres)
        {
            return null;
        }

        var settings = PostgresOptions();
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(spec.PostgresConnectionString!, settings), settings);
    }

    private static int Seconds(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
