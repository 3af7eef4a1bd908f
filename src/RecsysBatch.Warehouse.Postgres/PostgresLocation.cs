using System.Data.Common;
using Npgsql;
using RecsysBatch.Core;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// A parsed <c>postgres:CONNSTRING</c> location. CONNSTRING is an Npgsql connection string plus one key of ours,
/// <c>Schema</c> (default <c>recsys</c>): the PostgreSQL schema every table lives in. It is taken out before the
/// rest goes to Npgsql, which would reject it.
/// </summary>
internal sealed record PostgresLocation(string ConnectionString, string Schema, string Description)
{
    public const string Scheme = "postgres:";
    public const string SchemaKey = "Schema";
    public const string DefaultSchema = "recsys";

    public static PostgresLocation Parse(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var text = location[Scheme.Length..].Trim();
        if (text.Length == 0)
        {
            throw new RecsysException($"Warehouse location '{location}' has no connection string (expected postgres:Host=...;Database=...).");
        }

        NpgsqlConnectionStringBuilder builder;
        string schema;
        try
        {
            var generic = new DbConnectionStringBuilder { ConnectionString = text };
            schema = generic.TryGetValue(SchemaKey, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "" : DefaultSchema;
            generic.Remove(SchemaKey);
            builder = new NpgsqlConnectionStringBuilder(generic.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // The message names the bad keyword or format, never a value (the password stays out of logs).
            throw new RecsysException($"Warehouse location postgres:… is not a valid connection string: {ex.Message}", ex);
        }

        if (schema.Length == 0)
        {
            throw new RecsysException("Warehouse location postgres:… names an empty Schema.");
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            // Shows the warehouse's sessions as 'recsys' in pg_stat_activity.
            builder.ApplicationName = "recsys";
        }

        // Only what locates the data: never the password, and no empty keys.
        string?[] parts = [$"Host={builder.Host}", $"Port={builder.Port}", Part("Database", builder.Database), Part("Username", builder.Username), $"Schema={schema}"];
        var description = "postgres:" + string.Join(';', parts.Where(p => p is not null));
        return new PostgresLocation(builder.ConnectionString, schema, description);
    }

    private static string? Part(string key, string? value) => string.IsNullOrEmpty(value) ? null : key + "=" + value;
}
