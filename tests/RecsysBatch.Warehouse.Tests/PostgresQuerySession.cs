using Npgsql;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>A plain Npgsql connection with the warehouse's schema on its search path, as an analyst would open it.</summary>
internal sealed class PostgresQuerySession : IQuerySession
{
    private readonly NpgsqlConnection _connection;

    private PostgresQuerySession(NpgsqlConnection connection) => _connection = connection;

    public static async Task<PostgresQuerySession> OpenAsync(string connectionString, string schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return new PostgresQuerySession(connection);
    }

    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i) ? null : Normalize(reader.GetDataTypeName(i), reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>The portable shapes the contract suite expects: DATE as DateOnly, TIMESTAMP as UTC, arrays as float[].</summary>
    private static object Normalize(string typeName, object value) => value switch
    {
        DateTime d when typeName == "date" => DateOnly.FromDateTime(d),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        _ => value,
    };
}
