using RecsysBatch.Core.Tables;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// An output table: its schema (so a restored table publishes exactly like the original), then each column by the
/// CLR type it holds, its null mask when it has one, and its values as raw spans (strings and vectors as blobs).
/// </summary>
internal static class OutputTableCodec
{
    public const string Id = "output-table";

    public static void Write(CheckpointFileWriter writer, OutputTable table)
    {
        writer.WriteString(table.Schema.Name);
        writer.WriteInt32(table.Schema.Columns.Count);
        foreach (var column in table.Schema.Columns)
        {
            writer.WriteString(column.Name);
            writer.WriteInt32((int)column.Type);
            writer.WriteBoolean(column.Nullable);
            writer.WriteString(column.Description);
        }

        writer.WriteInt32(table.RowCount);
        foreach (var column in table.Columns)
        {
            WriteColumn(writer, table.Name, column);
        }
    }

    /// <summary>Describes the first column whose CLR type has no encoding here (null when all have one).</summary>
    public static string? UnsupportedColumn(OutputTable table)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (table.Columns[i] is not (OutputColumn<string> or OutputColumn<int> or OutputColumn<long> or OutputColumn<double>
                or OutputColumn<bool> or OutputColumn<DateOnly> or OutputColumn<DateTime> or OutputColumn<float[]>))
            {
                return $"column {table.Schema.DataColumns[i].Name} of {table.Name} is a {table.Columns[i].GetType()}";
            }
        }

        return null;
    }

    public static OutputTable Read(CheckpointFileReader reader)
    {
        var name = reader.RequireString();
        var columns = new ColumnSchema[reader.ReadCount(1)];
        for (var i = 0; i < columns.Length; i++)
        {
            var column = reader.RequireString();
            var type = reader.ReadInt32();
            if (!Enum.IsDefined((ColumnType)type))
            {
                throw reader.Corrupt($"unknown column type of {name}.{column}");
            }

            columns[i] = new ColumnSchema(column, (ColumnType)type, reader.ReadBoolean(), reader.RequireString());
        }

        var schema = new TableSchema(name, columns);
        var rows = reader.ReadCount();
        var values = new OutputColumn[schema.DataColumns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ReadColumn(reader);
            if (values[i].Length != rows)
            {
                throw reader.Corrupt($"column {schema.DataColumns[i].Name} of {name} has {values[i].Length} rows, the table {rows}");
            }
        }

        return new OutputTable(schema, values);
    }

    private static void WriteColumn(CheckpointFileWriter writer, string table, OutputColumn column)
    {
        switch (column)
        {
            case OutputColumn<string> c:
                Header(writer, ColumnType.String, c.Nulls);
                writer.WriteStrings(c.Values);
                break;
            case OutputColumn<int> c:
                Header(writer, ColumnType.Int32, c.Nulls);
                writer.WriteArray<int>(c.Values);
                break;
            case OutputColumn<long> c:
                Header(writer, ColumnType.Int64, c.Nulls);
                writer.WriteArray<long>(c.Values);
                break;
            case OutputColumn<double> c:
                Header(writer, ColumnType.Double, c.Nulls);
                writer.WriteArray<double>(c.Values);
                break;
            case OutputColumn<bool> c:
                Header(writer, ColumnType.Boolean, c.Nulls);
                writer.WriteArray<bool>(c.Values);
                break;
            case OutputColumn<DateOnly> c:
                Header(writer, ColumnType.Date, c.Nulls);
                writer.WriteArray<int>([.. c.Values.Select(d => d.DayNumber)]);
                break;
            case OutputColumn<DateTime> c:
                Header(writer, ColumnType.Timestamp, c.Nulls);
                writer.WriteArray<long>([.. c.Values.Select(t => t.Ticks)]);
                writer.WriteArray<byte>([.. c.Values.Select(t => (byte)t.Kind)]);
                break;
            case OutputColumn<float[]> c:
                Header(writer, ColumnType.FloatArray, c.Nulls);
                WriteVectors(writer, c.Values);
                break;
            default:
                throw new NotSupportedException($"Column of {table} has CLR type {column.GetType()}, which checkpoints cannot store.");
        }
    }

    private static OutputColumn ReadColumn(CheckpointFileReader reader)
    {
        var kind = (ColumnType)reader.ReadByte();
        var nulls = reader.ReadNullableArray<bool>();
        OutputColumn column = kind switch
        {
            ColumnType.String => Typed<string>(reader, reader.ReadStrings()!, nulls),
            ColumnType.Int32 => Typed(reader, reader.ReadArray<int>(), nulls),
            ColumnType.Int64 => Typed(reader, reader.ReadArray<long>(), nulls),
            ColumnType.Double => Typed(reader, reader.ReadArray<double>(), nulls),
            ColumnType.Boolean => Typed(reader, reader.ReadArray<bool>(), nulls),
            ColumnType.Date => Typed(reader, [.. reader.ReadArray<int>().Select(DateOnly.FromDayNumber)], nulls),
            ColumnType.Timestamp => Typed(reader, ReadTimestamps(reader), nulls),
            ColumnType.FloatArray => Typed(reader, ReadVectors(reader), nulls),
            _ => throw reader.Corrupt($"unknown column kind {(byte)kind}"),
        };
        return column;
    }

    private static OutputColumn<T> Typed<T>(CheckpointFileReader reader, T[] values, bool[]? nulls)
    {
        if (nulls is not null && nulls.Length != values.Length)
        {
            throw reader.Corrupt("a null mask does not match its column");
        }

        return new OutputColumn<T>(values, nulls);
    }

    private static void Header(CheckpointFileWriter writer, ColumnType kind, bool[]? nulls)
    {
        writer.WriteByte((byte)kind);
        writer.WriteNullableArray(nulls);
    }

    private static DateTime[] ReadTimestamps(CheckpointFileReader reader)
    {
        var ticks = reader.ReadArray<long>();
        var kinds = reader.ReadArray<byte>();
        if (kinds.Length != ticks.Length)
        {
            throw reader.Corrupt("timestamp kinds do not match their ticks");
        }

        var values = new DateTime[ticks.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (ticks[i] < DateTime.MinValue.Ticks || ticks[i] > DateTime.MaxValue.Ticks || kinds[i] > (byte)DateTimeKind.Local)
            {
                throw reader.Corrupt("a timestamp out of range");
            }

            values[i] = new DateTime(ticks[i], (DateTimeKind)kinds[i]);
        }

        return values;
    }

    private static void WriteVectors(CheckpointFileWriter writer, float[][] values)
    {
        var lengths = new int[values.Length];
        var total = 0L;
        for (var i = 0; i < values.Length; i++)
        {
            lengths[i] = values[i]?.Length ?? -1;
            total += Math.Max(lengths[i], 0);
        }

        var flat = new float[total];
        var at = 0;
        foreach (var vector in values)
        {
            vector?.CopyTo(flat, at);
            at += vector?.Length ?? 0;
        }

        writer.WriteArray<int>(lengths);
        writer.WriteArray<float>(flat);
    }

    private static float[][] ReadVectors(CheckpointFileReader reader)
    {
        var lengths = reader.ReadArray<int>();
        var flat = reader.ReadArray<float>();
        var values = new float[lengths.Length][];
        var at = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var length = lengths[i];
            if (length == -1)
            {
                values[i] = null!;
                continue;
            }

            if (length < 0 || at + (long)length > flat.Length)
            {
                throw reader.Corrupt("a vector length outside the values");
            }

            values[i] = flat.AsSpan(at, length).ToArray();
            at += length;
        }

        return values;
    }
}
