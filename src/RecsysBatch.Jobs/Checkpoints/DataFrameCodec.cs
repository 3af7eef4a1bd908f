using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Analysis;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// A Microsoft.Data.Analysis DataFrame (the feature frames): per column its name, element type, values as raw bytes
/// and, when it has nulls, its validity bitmap. Restored columns wrap the read buffers directly (no second copy).
/// </summary>
internal static class DataFrameCodec
{
    public const string Id = "data-frame";

    private enum Kind : byte
    {
        Int32,
        Int64,
        Single,
        Double,
        Boolean,
        String,
    }

    /// <summary>Describes the first column of a type this codec does not store (null when all are stored).</summary>
    public static string? UnsupportedColumn(DataFrame frame)
    {
        var column = frame.Columns.FirstOrDefault(c => KindOf(c) is null);
        return column is null ? null : $"frame column {column.Name} is a {column.GetType()}";
    }

    public static void Write(CheckpointFileWriter writer, DataFrame frame)
    {
        writer.WriteInt32(frame.Columns.Count);
        writer.WriteInt64(frame.Rows.Count);
        foreach (var column in frame.Columns)
        {
            var kind = KindOf(column) ?? throw new NotSupportedException($"Frame column {column.Name} is a {column.GetType()}.");
            writer.WriteString(column.Name);
            writer.WriteByte((byte)kind);
            switch (column)
            {
                case PrimitiveDataFrameColumn<int> c:
                    WritePrimitive(writer, c);
                    break;
                case PrimitiveDataFrameColumn<long> c:
                    WritePrimitive(writer, c);
                    break;
                case PrimitiveDataFrameColumn<float> c:
                    WritePrimitive(writer, c);
                    break;
                case PrimitiveDataFrameColumn<double> c:
                    WritePrimitive(writer, c);
                    break;
                case PrimitiveDataFrameColumn<bool> c:
                    WritePrimitive(writer, c);
                    break;
                case StringDataFrameColumn c:
                    writer.WriteStrings([.. c]);
                    break;
            }
        }
    }

    public static DataFrame Read(CheckpointFileReader reader)
    {
        var columns = new DataFrameColumn[reader.ReadCount(1)];
        var rows = reader.ReadInt64();
        for (var i = 0; i < columns.Length; i++)
        {
            var name = reader.RequireString();
            var kind = (Kind)reader.ReadByte();
            columns[i] = kind switch
            {
                Kind.Int32 => ReadPrimitive<int>(reader, (v, n, l, c) => new Int32DataFrameColumn(name, v, n, l, c)),
                Kind.Int64 => ReadPrimitive<long>(reader, (v, n, l, c) => new Int64DataFrameColumn(name, v, n, l, c)),
                Kind.Single => ReadPrimitive<float>(reader, (v, n, l, c) => new SingleDataFrameColumn(name, v, n, l, c)),
                Kind.Double => ReadPrimitive<double>(reader, (v, n, l, c) => new DoubleDataFrameColumn(name, v, n, l, c)),
                Kind.Boolean => ReadPrimitive<bool>(reader, (v, n, l, c) => new BooleanDataFrameColumn(name, v, n, l, c)),
                Kind.String => new StringDataFrameColumn(name, reader.ReadStrings()),
                _ => throw reader.Corrupt($"unknown frame column kind {(byte)kind}"),
            };
            if (columns[i].Length != rows)
            {
                throw reader.Corrupt($"frame column {name} has {columns[i].Length} rows, the frame {rows}");
            }
        }

        return new DataFrame(columns);
    }

    private static Kind? KindOf(DataFrameColumn column) => column switch
    {
        PrimitiveDataFrameColumn<int> => Kind.Int32,
        PrimitiveDataFrameColumn<long> => Kind.Int64,
        PrimitiveDataFrameColumn<float> => Kind.Single,
        PrimitiveDataFrameColumn<double> => Kind.Double,
        PrimitiveDataFrameColumn<bool> => Kind.Boolean,
        StringDataFrameColumn => Kind.String,
        _ => null,
    };

    private static void WritePrimitive<T>(CheckpointFileWriter writer, PrimitiveDataFrameColumn<T> column)
        where T : unmanaged
    {
        var length = checked((int)column.Length);
        writer.WriteInt32(length);
        var written = 0L;
        foreach (var buffer in column.GetReadOnlyDataBuffers())
        {
            writer.WriteBytes(MemoryMarshal.AsBytes(buffer.Span));
            written += buffer.Length;
        }

        if (written != length)
        {
            throw new InvalidOperationException($"Frame column {column.Name} has {length} rows but {written} values in its buffers.");
        }

        var nulls = checked((int)column.NullCount);
        writer.WriteInt32(nulls);
        if (nulls > 0)
        {
            var bitmap = new byte[(length + 7) / 8];
            for (var i = 0; i < length; i++)
            {
                if (column.IsValid(i))
                {
                    bitmap[i >> 3] |= (byte)(1 << (i & 7));
                }
            }

            writer.WriteArray<byte>(bitmap);
        }
    }

    private static DataFrameColumn ReadPrimitive<T>(CheckpointFileReader reader, Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>, int, int, DataFrameColumn> create)
        where T : unmanaged
    {
        var length = reader.ReadCount(Unsafe.SizeOf<T>());
        var values = new byte[(long)length * Unsafe.SizeOf<T>()];
        reader.ReadBytes(values);
        var nulls = reader.ReadInt32();
        byte[] bitmap;
        if (nulls == 0)
        {
            bitmap = new byte[(length + 7) / 8];
            Array.Fill(bitmap, (byte)0xFF);
        }
        else
        {
            bitmap = reader.ReadArray<byte>();
            if (nulls < 0 || nulls > length || bitmap.Length != (length + 7) / 8)
            {
                throw reader.Corrupt("a frame null bitmap does not match its column");
            }
        }

        return create(values, bitmap, length, nulls);
    }
}
