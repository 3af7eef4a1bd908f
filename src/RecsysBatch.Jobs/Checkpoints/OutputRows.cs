using DuckDB.NET.Data;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// Each output table as a SQL table <c>out_NAME</c> with one column per data column, typed by the values it holds
/// (VARCHAR, INTEGER, BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP, FLOAT[]), rows in table order, SQL NULL for a null
/// reference or a row its null mask marks. Table <c>outputs</c> lists them in working-store order and
/// <c>output_columns</c> holds each schema (names, types, nullability, descriptions) so a restored table publishes
/// exactly like the original. Doubles keep NaN and infinities as such; timestamps keep microseconds and come back UTC
/// (what every warehouse stores).
/// </summary>
internal static class OutputRows
{
    public const string Prefix = "out_";

    /// <summary>Describes the first column whose CLR type has no SQL type here (null when all have one).</summary>
    public static string? UnsupportedColumn(OutputTable table)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (OutputColumnCodec.SqlType(table.Columns[i]) is null)
            {
                return $"column {table.Schema.DataColumns[i].Name} of {table.Name} is a {table.Columns[i].GetType()}";
            }
        }

        return null;
    }

    public static void Write(DuckDBConnection connection, OutputTable table, string stage)
    {
        var sqlTable = CheckpointSql.Quote(Prefix + table.Name);
        var data = table.Schema.DataColumns;
        CheckpointSql.Execute(connection, "DELETE FROM outputs WHERE name = $1", table.Name);
        CheckpointSql.Execute(connection, "DELETE FROM output_columns WHERE output = $1", table.Name);
        CheckpointSql.Execute(connection, $"DROP TABLE IF EXISTS {sqlTable}");
        var definitions = data.Select((c, i) => $"{CheckpointSql.Quote(c.Name)} {OutputColumnCodec.SqlType(table.Columns[i])}");
        CheckpointSql.Execute(connection, $"CREATE TABLE {sqlTable} ({string.Join(", ", definitions)})");
        CheckpointSql.Execute(connection, "INSERT INTO outputs SELECT coalesce(max(i), 0) + 1, $1, $2, $3, $4 FROM outputs", table.Name, Prefix + table.Name, table.RowCount, stage);
        using (var schema = connection.CreateAppender("output_columns"))
        {
            for (var i = 0; i < table.Schema.Columns.Count; i++)
            {
                var column = table.Schema.Columns[i];
                var dataIndex = IndexOf(data, column);
                var values = dataIndex < 0 ? null : table.Columns[dataIndex];
                schema.CreateRow().AppendValue(table.Name).AppendValue(i).AppendValue(column.Name).AppendValue(column.Type.ToString())
                    .AppendValue(column.Nullable).AppendValue(column.Description)
                    .AppendValue(values is null ? null : OutputColumnCodec.SqlType(values))
                    .AppendValue(values is null ? null : (bool?)OutputColumnCodec.HasNullMask(values)).EndRow();
            }

            schema.Close();
        }

        if (data.Count == 0)
        {
            return;
        }

        var writers = table.Columns.Select(OutputColumnCodec.Writer).ToArray();
        using var appender = connection.CreateAppender(Prefix + table.Name);
        for (var row = 0; row < table.RowCount; row++)
        {
            var appended = appender.CreateRow();
            foreach (var write in writers)
            {
                write(appended, row);
            }

            appended.EndRow();
        }

        appender.Close();
    }

    /// <summary>The output tables in working-store order.</summary>
    public static List<OutputTable> ReadAll(DuckDBConnection connection, string path)
    {
        var listed = new List<(string Name, string SqlTable, int Rows)>();
        using (var reader = CheckpointSql.Query(connection, "SELECT name, sql_table, rows FROM outputs ORDER BY i"))
        {
            while (reader.Read())
            {
                listed.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }

        return [.. listed.Select(t => Read(connection, path, t.Name, t.SqlTable, t.Rows))];
    }

    private static OutputTable Read(DuckDBConnection connection, string path, string name, string sqlTable, int rows)
    {
        var columns = new List<ColumnSchema>();
        var stored = new List<(string SqlType, bool Mask)>();
        using (var reader = CheckpointSql.Query(connection, "SELECT name, type, nullable, description, sql_type, null_mask FROM output_columns WHERE output = $1 ORDER BY i", name))
        {
            while (reader.Read())
            {
                if (!Enum.TryParse<ColumnType>(reader.GetString(1), out var type))
                {
                    throw new RecsysException($"{path}: corrupt checkpoint: column {name}.{reader.GetString(0)} has unknown type {reader.GetString(1)}.");
                }

                columns.Add(new ColumnSchema(reader.GetString(0), type, reader.GetBoolean(2), reader.GetString(3)));
                if (!reader.IsDBNull(4))
                {
                    stored.Add((reader.GetString(4), reader.GetBoolean(5)));
                }
            }
        }

        var schema = new TableSchema(name, columns);
        var values = new OutputColumn[schema.DataColumns.Count];
        if (stored.Count != values.Length)
        {
            throw new RecsysException($"{path}: corrupt checkpoint: output_columns lists {stored.Count} stored columns of {name}, its schema has {values.Length}.");
        }

        if (values.Length == 0)
        {
            return new OutputTable(schema, values);
        }

        using (var reader = CheckpointSql.Query(connection, $"SELECT * FROM {CheckpointSql.Quote(sqlTable)}"))
        {
            var readers = Enumerable.Range(0, values.Length).Select(c => OutputColumnCodec.Reader(path, stored[c].SqlType, c, rows, stored[c].Mask)).ToArray();
            var row = 0;
            while (reader.Read())
            {
                if (row == rows)
                {
                    throw new RecsysException($"{path}: corrupt checkpoint: table {sqlTable} holds more than the {rows} rows outputs lists.");
                }

                foreach (var read in readers)
                {
                    read.Read(reader, row);
                }

                row++;
            }

            if (row != rows)
            {
                throw new RecsysException($"{path}: corrupt checkpoint: table {sqlTable} holds {row} rows, outputs lists {rows}.");
            }

            for (var c = 0; c < values.Length; c++)
            {
                values[c] = readers[c].Column();
            }
        }

        return new OutputTable(schema, values);
    }

    private static int IndexOf(IReadOnlyList<ColumnSchema> data, ColumnSchema column)
    {
        for (var i = 0; i < data.Count; i++)
        {
            if (ReferenceEquals(data[i], column))
            {
                return i;
            }
        }

        return -1;
    }
}
