using DuckDB.NET.Data;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>A plain DuckDB.NET connection to the warehouse file, as an analyst would open it.</summary>
internal sealed class DuckDbQuerySession : IQuerySession
{
    private readonly DuckDBConnection _connection;

    public DuckDbQuerySession(string path)
    {
        _connection = new DuckDBConnection("Data Source=" + path);
        _connection.Open();
    }

    public Task<List<object?[]>> QueryAsync(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Normalize(reader.GetDataTypeName(i), reader.GetValue(i));
            }

            rows.Add(row);
        }

        return Task.FromResult(rows);
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The portable shapes the contract suite expects: DATE as DateOnly, TIMESTAMP as UTC, lists as float[].</summary>
    private static object Normalize(string typeName, object value) => value switch
    {
        DateTime d when typeName.Equals("Date", StringComparison.OrdinalIgnoreCase) => DateOnly.FromDateTime(d),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        IEnumerable<float> floats => floats.ToArray(),
        _ => value,
    };
}
