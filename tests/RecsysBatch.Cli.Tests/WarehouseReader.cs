using DuckDB.NET.Data;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Cli.Tests;

/// <summary>Reads a DuckDB warehouse file the way an analyst would, for assertions.</summary>
internal static class WarehouseReader
{
    public static List<object?[]> Query(string databasePath, string sql)
    {
        // Built, not concatenated: a test path may hold a ';'.
        var builder = new DuckDBConnectionStringBuilder { DataSource = databasePath };
        builder["ACCESS_MODE"] = "READ_ONLY";
        using var connection = new DuckDBConnection(builder.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return [.. QueryResult.Read(reader).Rows];
    }

    public static long Scalar(string databasePath, string sql) => Convert.ToInt64(Query(databasePath, sql)[0][0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>All rows of a table for a snapshot, without run_id, in a stable order, as text: for equality of two runs.</summary>
    public static List<string> Snapshot(string databasePath, string table)
    {
        var columns = Query(databasePath, $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' AND column_name <> 'run_id' ORDER BY ordinal_position")
            .Select(r => (string)r[0]!).ToList();
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        return [.. Query(databasePath, $"SELECT {list} FROM \"{table}\" ORDER BY {list}")
            .Select(r => string.Join("|", r.Select(v => v switch { null => "∅", double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture), _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) })))];
    }
}
