using DuckDB.NET.Data;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>How a value goes into a DuckDB appender row, shared by the warehouse and the run checkpoint (both DuckDB files).</summary>
public static class DuckDbAppend
{
    /// <summary>A FLOAT[] value, or NULL.</summary>
    public static void Floats(IDuckDBAppenderRow row, float[]? values)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (values is null)
        {
            row.AppendNullValue();
        }
        else
        {
            row.AppendValue<float>(values);
        }
    }

    /// <summary>TIMESTAMP columns hold UTC: a local time is converted, an unspecified one is taken as UTC.</summary>
    public static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
}
