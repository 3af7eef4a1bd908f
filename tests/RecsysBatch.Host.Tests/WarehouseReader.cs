using System.Globalization;
using DuckDB.NET.Data;

namespace RecsysBatch.Host.Tests;

/// <summary>Reads the served warehouse's DuckDB file, as an analyst would, while the server may be writing it.</summary>
internal static class WarehouseReader
{
    /// <summary>The count, or null while the file is missing or locked by a running publish.</summary>
    public static long? TryScalar(string databasePath, string sql)
    {
        if (!File.Exists(databasePath))
        {
            return null;
        }

        try
        {
            using var connection = new DuckDBConnection($"Data Source={databasePath};ACCESS_MODE=READ_ONLY");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (DuckDBException)
        {
            return null;
        }
    }
}
