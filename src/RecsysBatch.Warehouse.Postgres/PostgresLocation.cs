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

    /// <summary>PostgreSQL's identifier limit (NAMEDATALEN − 1): a longer name is silently truncated by the server.</summary>
    public const int MaxSchemaBytes = 63;

    private const string Setting = "(Recsys:Warehouse / --warehouse)";

    public static PostgresLocation Parse(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var text = location[Scheme.Length..].Trim();
        if (text.Length == 0)
        {
            throw new RecsysException($"Warehouse location '{location}' {Setting} has no connection string (expected postgres:Host=...;Database=...).");
        }

        NpgsqlConnectionStringBuilder builder;
        string schema;
        try
        {
            var generic = new DbConnectionStringBuilder { ConnectionString = text };
            if (!generic.ContainsKey(SchemaKey) && NamesEmptySchema(text))
            {
                // DbConnectionStringBuilder drops a key with an empty value: "Schema=" would silently mean the default.
                schema = "";
            }
            else
            {
                schema = generic.TryGetValue(SchemaKey, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "" : DefaultSchema;
            }

            generic.Remove(SchemaKey);
            builder = new NpgsqlConnectionStringBuilder(generic.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // The message names the bad keyword or format, never a value (the password stays out of logs).
            throw new RecsysException($"Warehouse location postgres:… {Setting} is not a valid connection string: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new RecsysException($"Warehouse location postgres:… {Setting} names no Host (expected postgres:Host=...;Database=...).");
        }

        if (schema.Length == 0)
        {
            throw new RecsysException($"Warehouse location postgres:… {Setting} names an empty Schema (leave the key out for the default, {DefaultSchema}).");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(schema) > MaxSchemaBytes)
        {
            throw new RecsysException(
                $"Warehouse location postgres:… {Setting}: Schema '{schema}' is {System.Text.Encoding.UTF8.GetByteCount(schema)} bytes; PostgreSQL names are at most {MaxSchemaBytes} bytes (it would truncate it).");
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

    /// <summary>True when the connection string has a Schema key whose value is empty ("Schema=" or "Schema= ;").</summary>
    private static bool NamesEmptySchema(string text) =>
        text.Split(';').Select(p => p.Split('=', 2)).Any(kv => kv.Length == 2
            && kv[0].Trim().Equals(SchemaKey, StringComparison.OrdinalIgnoreCase)
            && kv[1].Trim().Trim('"', '\'').Length == 0);

    private static string? Part(string key, string? value) => string.IsNullOrEmpty(value) ? null : key + "=" + value;
}
