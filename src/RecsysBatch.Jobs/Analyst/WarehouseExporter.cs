using System.Globalization;
using DuckDB.NET.Data;
using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Jobs.Analyst;

/// <summary>
/// Writes the tables of a snapshot to one Parquet or CSV file each through DuckDB's COPY. A DuckDB warehouse runs the
/// COPY itself (read-only: COPY TO a file does not write the database); any other warehouse (PostgreSQL) is read
/// through <see cref="IWarehouse.QueryAsync"/> into an in-memory DuckDB table first, so both give the same files.
/// </summary>
public static class WarehouseExporter
{
    /// <param name="warehouse">The warehouse to read.</param>
    /// <param name="copyInWarehouse">True for a DuckDB warehouse: the COPY runs there.</param>
    /// <param name="request">What to write where.</param>
    /// <param name="cancellationToken">Stops between tables.</param>
    public static async Task<IReadOnlyList<ExportedTable>> ExportAsync(
        IWarehouse warehouse, bool copyInWarehouse, ExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Format is not (ExportRequest.Parquet or ExportRequest.Csv))
        {
            throw new RecsysException($"--format {request.Format}: use parquet or csv.");
        }

        var selection = await SnapshotSelection.FindAsync(warehouse, request, cancellationToken).ConfigureAwait(false);
        var folder = Path.GetFullPath(request.OutputFolder);
        Directory.CreateDirectory(folder);
        var written = new List<ExportedTable>();
        foreach (var table in selection.Tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = Path.Combine(folder, table.Name + "." + request.Format);
            var rows = copyInWarehouse
                ? await CopyInWarehouseAsync(warehouse, selection, table, file, request.Format, cancellationToken).ConfigureAwait(false)
                : await CopyThroughMemoryAsync(warehouse, selection, table, file, request.Format, cancellationToken).ConfigureAwait(false);
            written.Add(new ExportedTable(table.Name, rows, file));
        }

        return written;
    }

    private static async Task<long> CopyInWarehouseAsync(
        IWarehouse warehouse, SnapshotSelection selection, WarehouseTable table, string file, string format, CancellationToken cancellationToken)
    {
        await warehouse.QueryAsync(Copy(selection.Select(table), file, format), cancellationToken).ConfigureAwait(false);
        var count = await warehouse.QueryAsync(
            $"SELECT count(*) FROM {SqlText.Identifier(table.Name)} WHERE {selection.Filter(table)}", cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(count.Rows[0][0], CultureInfo.InvariantCulture);
    }

    private static async Task<long> CopyThroughMemoryAsync(
        IWarehouse warehouse, SnapshotSelection selection, WarehouseTable table, string file, string format, CancellationToken cancellationToken)
    {
        var result = await warehouse.QueryAsync(selection.Select(table), cancellationToken).ConfigureAwait(false);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var types = table.DataTypes.Select(DuckDbType).ToArray();
        var definition = string.Join(", ", table.Columns.Select((c, i) => $"{SqlText.Identifier(c)} {types[i]}"));
        Execute(connection, $"CREATE TABLE export_rows ({definition})");
        using (var appender = connection.CreateAppender("export_rows"))
        {
            foreach (var row in result.Rows)
            {
                var appended = appender.CreateRow();
                for (var i = 0; i < row.Length; i++)
                {
                    Append(appended, row[i], types[i]);
                }

                appended.EndRow();
            }
        }

        Execute(connection, Copy("SELECT * FROM export_rows", file, format));
        return result.Rows.Count;
    }

    private static string Copy(string select, string file, string format) =>
        $"COPY ({select}) TO {SqlText.Literal(file)} "
        + (format == ExportRequest.Parquet ? "(FORMAT parquet)" : "(FORMAT csv, HEADER true)");

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The DuckDB type of a warehouse column from its information_schema data_type (PostgreSQL or DuckDB spelling).</summary>
    private static string DuckDbType(string dataType) => dataType.ToUpperInvariant() switch
    {
        "BIGINT" => "BIGINT",
        "INTEGER" => "INTEGER",
        "DOUBLE" or "DOUBLE PRECISION" or "NUMERIC" => "DOUBLE",
        "REAL" or "FLOAT" => "FLOAT",
        "BOOLEAN" => "BOOLEAN",
        "DATE" => "DATE",
        var t when t.StartsWith("TIMESTAMP", StringComparison.Ordinal) => "TIMESTAMP",
        "ARRAY" or "REAL[]" or "FLOAT[]" => "FLOAT[]",
        _ => "VARCHAR",
    };

    private static void Append(IDuckDBAppenderRow row, object? value, string type)
    {
        switch (value)
        {
            case null:
                row.AppendNullValue();
                break;
            case float[] floats:
                row.AppendValue<float>(floats);
                break;
            case DateTime t when type == "DATE":
                row.AppendValue((DateOnly?)DateOnly.FromDateTime(t));
                break;
            case DateTime t:
                row.AppendValue((DateTime?)(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t));
                break;
            case DateOnly d:
                row.AppendValue((DateOnly?)d);
                break;
            case long l:
                row.AppendValue((long?)l);
                break;
            case int n:
                row.AppendValue((int?)n);
                break;
            case double d:
                row.AppendValue((double?)d);
                break;
            case float f:
                row.AppendValue((float?)f);
                break;
            case decimal m:
                row.AppendValue((double?)(double)m);
                break;
            case bool b:
                row.AppendValue((bool?)b);
                break;
            default:
                row.AppendValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
