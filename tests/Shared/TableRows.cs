using System.Globalization;
using DuckDB.NET.Data;

namespace RecsysBatch.Tests;

/// <summary>
/// Every row of a warehouse table as text, run_id left out, in a stable order: what two runs that must publish the
/// same tables (split and unsplit, two servers and one process) are compared by.
/// </summary>
internal static class TableRows
{
    /// <param name="readOnly">False when this process already has the file open for writing (DuckDB refuses a second configuration).</param>
    public static List<string> Read(string databasePath, string table, DateOnly? snapshot = null, bool readOnly = true)
    {
        using var connection = new DuckDBConnection($"Data Source={databasePath}" + (readOnly ? ";ACCESS_MODE=READ_ONLY" : ""));
        connection.Open();
        using var command = connection.CreateCommand();
        var where = snapshot is { } date ? $" WHERE snapshot_date = DATE '{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'" : "";
        command.CommandText = $"SELECT * EXCLUDE (run_id) FROM {table}{where} ORDER BY ALL";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(string.Join('|', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
