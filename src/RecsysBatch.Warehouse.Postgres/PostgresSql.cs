using Npgsql;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>Small helpers for parameterised statements (@name parameters) and identifiers.</summary>
internal static class PostgresSql
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The schema-qualified, quoted name of a table.</summary>
    public static string Table(string schema, string table) => Quote(schema) + "." + Quote(table);

    /// <summary>
    /// PostgreSQL text cannot hold U+0000 (DuckDB's VARCHAR can): a quarantined binary line must not fail the whole
    /// publish, so the character becomes U+FFFD, the replacement character, as invalid UTF-8 does on reading.
    /// </summary>
    public static string Text(string value) =>
        value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    public static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value is string text ? Text(text) : value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
