namespace RecsysBatch.Pipelines.Factorization;

/// <summary>Compressed sparse rows: for each row its columns in ascending order with duplicate cells summed.</summary>
internal sealed class SparseRows
{
    private SparseRows(int rows, int[] start, int[] column, float[] value)
    {
        Rows = rows;
        Start = start;
        Column = column;
        Value = value;
    }

    public int Rows { get; }

    public int[] Start { get; }

    public int[] Column { get; }

    public float[] Value { get; }

    public int Count => Start[Rows];

    public static SparseRows Build(int rows, int[] rowKeys, int[] columnKeys, float[] values)
    {
        ArgumentNullException.ThrowIfNull(rowKeys);
        ArgumentNullException.ThrowIfNull(columnKeys);
        ArgumentNullException.ThrowIfNull(values);
        var start = new int[rows + 1];
        foreach (var r in rowKeys)
        {
            start[r + 1]++;
        }

        for (var r = 0; r < rows; r++)
        {
            start[r + 1] += start[r];
        }

        var next = start[..^1];
        var column = new int[values.Length];
        var value = new float[values.Length];
        for (var j = 0; j < values.Length; j++)
        {
            var pos = next[rowKeys[j]]++;
            column[pos] = columnKeys[j];
            value[pos] = values[j];
        }

        // Sort each row by column and merge duplicates, compacting in place.
        var write = 0;
        var newStart = new int[rows + 1];
        for (var r = 0; r < rows; r++)
        {
            var from = start[r];
            var length = start[r + 1] - from;
            Array.Sort(column, value, from, length);
            newStart[r] = write;
            for (var j = from; j < from + length; j++)
            {
                if (write > newStart[r] && column[write - 1] == column[j])
                {
                    value[write - 1] += value[j];
                }
                else
                {
                    column[write] = column[j];
                    value[write] = value[j];
                    write++;
                }
            }
        }

        newStart[rows] = write;
        return new SparseRows(rows, newStart, column[..write], value[..write]);
    }

    /// <summary>The same cells with rows and columns swapped.</summary>
    public SparseRows Transpose(int columns)
    {
        var rowKeys = new int[Count];
        for (var r = 0; r < Rows; r++)
        {
            rowKeys.AsSpan(Start[r], Start[r + 1] - Start[r]).Fill(r);
        }

        return Build(columns, Column, rowKeys, Value);
    }
}
