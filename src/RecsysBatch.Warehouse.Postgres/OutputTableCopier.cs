using Npgsql;
using NpgsqlTypes;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// Writes an <see cref="OutputTable"/> with binary COPY (NpgsqlBinaryImporter), adding the constant snapshot_date
/// and run_id columns and the warehouse's pipeline column. One typed writer per column is chosen up front so the row loop does no type tests or boxing.
/// The caller's transaction holds the rows until it commits.
/// </summary>
internal static class OutputTableCopier
{
    /// <summary>How often the row loop looks at the cancellation token and reports the rows written.</summary>
    private const int CancellationStride = 16_384;

    public static async Task CopyAsync(
        NpgsqlConnection connection, string schemaName, OutputTable table, JobRun run, Action<int>? rowsWritten, CancellationToken cancellationToken)
    {
        var writers = Plan(table, run.SnapshotDate, run.RunId, run.Pipeline);
        table.EnsureRequiredValues();
        var columns = string.Join(", ", table.Schema.StoredColumns.Select(c => PostgresSql.Quote(c.Name)));
        var copy = $"COPY {PostgresSql.Table(schemaName, table.Name)} ({columns}) FROM STDIN (FORMAT BINARY)";
        // Disposing the importer without Complete cancels the COPY; the caller's transaction is rolled back anyway.
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        for (var row = 0; row < table.RowCount; row++)
        {
            // Checked between rows only: a half-written row must never reach the server.
            if (row % CancellationStride == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (row > 0)
                {
                    rowsWritten?.Invoke(row);
                }
            }

            // Synchronous writes fill Npgsql's buffer and flush it when full: per-value async calls cost more than the I/O.
            importer.StartRow();
            foreach (var write in writers)
            {
                write(importer, row);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Action<NpgsqlBinaryImporter, int>[] Plan(OutputTable table, DateOnly snapshotDate, string runId, string pipeline)
    {
        var schema = table.Schema;
        if (!schema.IsSnapshotTable)
        {
            throw new RecsysException($"Table {schema.Name} has no snapshot_date and run_id columns; only snapshot tables can be published.");
        }

        var dataIndex = 0;
        var columns = schema.StoredColumns;
        var writers = new Action<NpgsqlBinaryImporter, int>[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            writers[i] = column.Name switch
            {
                TableSchema.SnapshotDateColumn => (w, _) => w.Write(snapshotDate, NpgsqlDbType.Date),
                TableSchema.RunIdColumn => (w, _) => w.Write(runId, NpgsqlDbType.Text),
                TableSchema.PipelineColumn when schema.HasWarehousePipelineColumn => (w, _) => w.Write(pipeline, NpgsqlDbType.Text),
                _ => Writer(schema.Name, column, table.Columns[dataIndex++]),
            };
        }

        return writers;
    }

    private static Action<NpgsqlBinaryImporter, int> Writer(string table, ColumnSchema column, OutputColumn values)
    {
        return (column.Type, values) switch
        {
            (ColumnType.String, OutputColumn<string> c) => Typed(c, static v => PostgresSql.Text(v), NpgsqlDbType.Text),
            (ColumnType.Int32, OutputColumn<int> c) => Typed(c, static v => v, NpgsqlDbType.Integer),
            (ColumnType.Int64, OutputColumn<long> c) => Typed(c, static v => v, NpgsqlDbType.Bigint),
            (ColumnType.Double, OutputColumn<double> c) => Typed(c, static v => v, NpgsqlDbType.Double),
            (ColumnType.Boolean, OutputColumn<bool> c) => Typed(c, static v => v, NpgsqlDbType.Boolean),
            (ColumnType.Date, OutputColumn<DateOnly> c) => Typed(c, static v => v, NpgsqlDbType.Date),
            (ColumnType.Timestamp, OutputColumn<DateTime> c) => Typed(c, static v => ToUtc(v), NpgsqlDbType.TimestampTz),
            (ColumnType.FloatArray, OutputColumn<float[]> c) => Typed(c, static v => v, NpgsqlDbType.Array | NpgsqlDbType.Real),
            _ => throw new RecsysException(
                $"Column {column.Name} of table {table} is declared {column.Type} but holds {values.GetType().Name}."),
        };
    }

    private static Action<NpgsqlBinaryImporter, int> Typed<T, TWire>(OutputColumn<T> column, Func<T, TWire> convert, NpgsqlDbType type)
    {
        return (w, i) =>
        {
            if (column.IsNull(i, out var value))
            {
                w.WriteNull();
            }
            else
            {
                w.Write(convert(value), type);
            }
        };
    }

    /// <summary>timestamptz holds UTC instants: a local time is converted, an unspecified one is taken as UTC.</summary>
    internal static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
