using System.Globalization;
using DuckDB.NET.Data;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>
/// DuckDB's memory settings on one connection, shared by the warehouse and the run checkpoint: DuckDB defaults to
/// 80 % of RAM, which in the run's own process competes with the stages (Recsys:MemoryLimitGb gives it a share).
/// </summary>
public static class DuckDbMemory
{
    /// <summary>
    /// Sets memory_limit to <paramref name="limitBytes"/> (nothing when null) and, when given, temp_directory to
    /// <paramref name="tempDirectory"/>, where DuckDB spills what does not fit.
    /// </summary>
    public static void Limit(DuckDBConnection connection, long? limitBytes, string? tempDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (limitBytes is { } bytes)
        {
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"SET memory_limit = '{Math.Max(bytes >> 20, 1)}MiB'"));
        }

        if (tempDirectory is not null)
        {
            Execute(connection, "SET temp_directory = '" + tempDirectory.Replace("'", "''", StringComparison.Ordinal) + "'");
        }
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
