using DuckDB.NET.Data;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>
/// Writes an <see cref="OutputTable"/> through the DuckDB appender, adding the constant snapshot_date and run_id
/// columns and the warehouse's pipeline column. One typed writer per column is chosen up front so the row loop does no type tests or boxing.
/// </summary>
internal static class OutputTableAppender
{
    /// <summary>How often the row loop looks at the cancellation token and reports the rows written.</summary>
    private const int CancellationStride = 16_384;

    public static void Append(
        DuckDBConnection connection, OutputTable table, JobRun run, Action<int>? rowsWritten, CancellationToken cancellationToken)
    {
        var writers = Plan(table, run.SnapshotDate, run.RunId, run.Pipeline);
        table.EnsureRequiredValues();
        using var appender = connection.CreateAppender(table.Name);
        try
        {
            for (var row = 0; row < table.RowCount; row++)
            {
                // Checked between rows only: a half-written row must never reach DuckDB.
                if (row % CancellationStride == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (row > 0)
                    {
                        rowsWritten?.Invoke(row);
                    }
                }

                var appenderRow = appender.CreateRow();
                foreach (var write in writers)
                {
                    write(appenderRow, row);
                }

                appenderRow.EndRow();
            }
        }
        catch
        {
            // Drop buffered rows (a partial one included) so disposing the appender flushes nothing;
            // the transaction is rolled back by the caller anyway.
            appender.Clear();
            throw;
        }

        // Close flushes the last chunk; errors surface here, inside the transaction.
        appender.Close();
    }

    private static Action<IDuckDBAppenderRow, int>[] Plan(OutputTable table, DateOnly snapshotDate, string runId, string pipeline)
    {
        var schema = table.Schema;
        if (!schema.IsSnapshotTable)
        {
            throw new RecsysException($"Table {schema.Name} has no snapshot_date and run_id columns; only snapshot tables can be published.");
        }

        var dataIndex = 0;
        // The appender writes by position: the stored layout, pipeline last (see TableSchema.StoredColumns).
        var columns = schema.StoredColumns;
        var writers = new Action<IDuckDBAppenderRow, int>[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            writers[i] = column.Name switch
            {
                TableSchema.SnapshotDateColumn => (r, _) => r.AppendValue((DateOnly?)snapshotDate),
                TableSchema.RunIdColumn => (r, _) => r.AppendValue(runId),
                TableSchema.PipelineColumn when schema.HasWarehousePipelineColumn => (r, _) => r.AppendValue(pipeline),
                _ => Writer(schema.Name, column, table.Columns[dataIndex++]),
            };
        }

        return writers;
    }

    private static Action<IDuckDBAppenderRow, int> Writer(string table, ColumnSchema column, OutputColumn values)
    {
        return (column.Type, values) switch
        {
            (ColumnType.String, OutputColumn<string> c) => (r, i) => r.AppendValue(c.IsNull(i, out var v) ? null : v),
            (ColumnType.Int32, OutputColumn<int> c) => (r, i) => r.AppendValue(c.IsNull(i, out var v) ? null : (int?)v),
            (ColumnType.Int64, OutputColumn<long> c) => (r, i) => r.AppendValue(c.IsNull(i, out var v) ? null : (long?)v),
            (ColumnType.Double, OutputColumn<double> c) => (r, i) => r.AppendValue(c.IsNull(i, out var v) ? null : (double?)v),
            (ColumnType.Boolean, OutputColumn<bool> c) => (r, i) => r.AppendValue(c.IsNull(i, out var v) ? null : (bool?)v),
            (ColumnType.Date, OutputColumn<DateOnly> c) => (r, i) => r.AppendValue(c.IsNull(i, out var v) ? null : (DateOnly?)v),
            (ColumnType.Timestamp, OutputColumn<DateTime> c) => (r, i) => r.AppendValue(c.IsNull(i, out var v) ? null : (DateTime?)DuckDbAppend.ToUtc(v)),
            (ColumnType.FloatArray, OutputColumn<float[]> c) => (r, i) => DuckDbAppend.Floats(r, c.IsNull(i, out var v) ? null : v),
            _ => throw new RecsysException(
                $"Column {column.Name} of table {table} is declared {column.Type} but holds {values.GetType().Name}."),
        };
    }
}
