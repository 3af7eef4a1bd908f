using DuckDB.NET.Data;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;
using RecsysBatch.Warehouse.DuckDb;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// One output column in SQL: its type by the CLR values it holds, a writer per row for the appender, and a reader
/// that rebuilds the typed column (and its null mask when it had one) from the rows.
/// </summary>
internal static class OutputColumnCodec
{
    public static string? SqlType(OutputColumn column) => column switch
    {
        OutputColumn<string> => "VARCHAR",
        OutputColumn<int> => "INTEGER",
        OutputColumn<long> => "BIGINT",
        OutputColumn<double> => "DOUBLE",
        OutputColumn<bool> => "BOOLEAN",
        OutputColumn<DateOnly> => "DATE",
        OutputColumn<DateTime> => "TIMESTAMP",
        OutputColumn<float[]> => "FLOAT[]",
        _ => null,
    };

    public static bool HasNullMask(OutputColumn column) => column switch
    {
        OutputColumn<string> c => c.Nulls is not null,
        OutputColumn<int> c => c.Nulls is not null,
        OutputColumn<long> c => c.Nulls is not null,
        OutputColumn<double> c => c.Nulls is not null,
        OutputColumn<bool> c => c.Nulls is not null,
        OutputColumn<DateOnly> c => c.Nulls is not null,
        OutputColumn<DateTime> c => c.Nulls is not null,
        OutputColumn<float[]> c => c.Nulls is not null,
        _ => false,
    };

    /// <summary>Appends row i of the column; SQL NULL for a row its mask marks or a null reference, NaN stays NaN.</summary>
    public static Action<IDuckDBAppenderRow, int> Writer(OutputColumn column) => column switch
    {
        OutputColumn<string> c => (r, i) => r.AppendValue(Masked(c, i) ? null : c[i]),
        OutputColumn<int> c => (r, i) => r.AppendValue(Masked(c, i) ? null : (int?)c[i]),
        OutputColumn<long> c => (r, i) => r.AppendValue(Masked(c, i) ? null : (long?)c[i]),
        OutputColumn<double> c => (r, i) => r.AppendValue(Masked(c, i) ? null : (double?)c[i]),
        OutputColumn<bool> c => (r, i) => r.AppendValue(Masked(c, i) ? null : (bool?)c[i]),
        OutputColumn<DateOnly> c => (r, i) => r.AppendValue(Masked(c, i) ? null : (DateOnly?)c[i]),
        OutputColumn<DateTime> c => (r, i) => r.AppendValue(Masked(c, i) ? null : (DateTime?)DuckDbAppend.ToUtc(c[i])),
        OutputColumn<float[]> c => (r, i) => DuckDbAppend.Floats(r, Masked(c, i) ? null : c[i]),
        _ => throw new InvalidOperationException($"No SQL type for {column.GetType()}."),
    };

    /// <summary>A reader of result column <paramref name="ordinal"/> of SQL type <paramref name="sqlType"/>.</summary>
    public static ColumnReader Reader(string path, string sqlType, int ordinal, int rows, bool mask) => sqlType switch
    {
        "VARCHAR" => new ColumnReader<string>(ordinal, rows, mask, null!, static (r, o) => r.GetString(o)),
        "INTEGER" => new ColumnReader<int>(ordinal, rows, mask, 0, static (r, o) => r.GetInt32(o)),
        "BIGINT" => new ColumnReader<long>(ordinal, rows, mask, 0, static (r, o) => r.GetInt64(o)),
        "DOUBLE" => new ColumnReader<double>(ordinal, rows, mask, double.NaN, static (r, o) => r.GetDouble(o)),
        "BOOLEAN" => new ColumnReader<bool>(ordinal, rows, mask, false, static (r, o) => r.GetBoolean(o)),
        "DATE" => new ColumnReader<DateOnly>(ordinal, rows, mask, default, static (r, o) => r.GetFieldValue<DateOnly>(o)),
        "TIMESTAMP" => new ColumnReader<DateTime>(ordinal, rows, mask, default, static (r, o) => DateTime.SpecifyKind(r.GetDateTime(o), DateTimeKind.Utc)),
        "FLOAT[]" => new ColumnReader<float[]>(ordinal, rows, mask, null!, static (r, o) => [.. r.GetFieldValue<List<float>>(o)]),
        _ => throw new RecsysException($"{path}: corrupt checkpoint: unknown stored column type {sqlType}."),
    };

    private static bool Masked<T>(OutputColumn<T> column, int row) => column.Nulls is not null && column.Nulls[row];
}

/// <summary>Rebuilds one output column row by row.</summary>
internal abstract class ColumnReader
{
    public abstract void Read(DuckDBDataReader reader, int row);

    public abstract OutputColumn Column();
}

/// <summary>A typed <see cref="ColumnReader"/>: SQL NULL becomes <paramref name="nullValue"/>, marked in the mask when the column had one.</summary>
internal sealed class ColumnReader<T>(int ordinal, int rows, bool mask, T nullValue, Func<DuckDBDataReader, int, T> get) : ColumnReader
{
    private readonly T[] _values = new T[rows];
    private readonly bool[]? _nulls = mask ? new bool[rows] : null;

    public override void Read(DuckDBDataReader reader, int row)
    {
        if (reader.IsDBNull(ordinal))
        {
            _values[row] = nullValue;
            if (_nulls is not null)
            {
                _nulls[row] = true;
            }
        }
        else
        {
            _values[row] = get(reader, ordinal);
        }
    }

    public override OutputColumn Column() => new OutputColumn<T>(_values, _nulls);
}
