using DuckDB.NET.Data;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>Small helpers for parameterised statements ($name parameters).</summary>
internal static class DuckDbSql
{
    public static int Execute(DuckDBConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        return command.ExecuteNonQuery();
    }
}
