using Microsoft.Data.Analysis;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// Collects the columns of one feature table once and hands them out twice: as the warehouse
/// <see cref="OutputTable"/> and as the DataFrame later stages use, both over the same arrays.
/// NaN marks a null double in both (the warehouse writes NULL; ML.NET sees a missing value).
/// </summary>
internal sealed class FeatureColumnSet
{
    private readonly TableSchema _schema;
    private readonly int _rows;
    private readonly byte[] _allValid;
    private readonly List<OutputColumn> _outputs = [];
    private readonly List<string> _outputNames = [];
    private readonly List<(string Name, Array Values)> _frame = [];
    private readonly List<string> _intFeatures = [];
    private readonly List<string> _doubleFeatures = [];

    public FeatureColumnSet(TableSchema schema, int rows)
    {
        _schema = schema;
        _rows = rows;
        _allValid = new byte[(rows + 7) / 8];
        Array.Fill(_allValid, (byte)0xFF);
    }

    /// <summary>Int32 feature columns of the frame, in frame order (the first slots of the Features vector).</summary>
    public int Rows => _rows;

    public IReadOnlyList<string> IntFeatures => _intFeatures;

    /// <summary>Double feature columns of the frame, in frame order (the Features slots after the Int32 ones).</summary>
    public IReadOnlyList<string> DoubleFeatures => _doubleFeatures;

    /// <summary>A frame-only Int32 column that is not a feature (dense keys).</summary>
    public void AddKey(string name, int[] values)
    {
        CheckLength(name, values);
        _frame.Add((name, values));
    }

    public void AddString(string name, string?[] values) => AddOutput(name, new OutputColumn<string?>(values));

    public void AddTimestamp(string name, DateTime[] values) => AddOutput(name, new OutputColumn<DateTime>(values));

    public void AddInt(string name, int[] values)
    {
        AddOutput(name, new OutputColumn<int>(values));
        _frame.Add((name, values));
        _intFeatures.Add(name);
    }

    public void AddDouble(string name, double[] values)
    {
        AddOutput(name, new OutputColumn<double>(values));
        _frame.Add((name, values));
        _doubleFeatures.Add(name);
    }

    public OutputTable ToTable()
    {
        var expected = _schema.DataColumns;
        if (expected.Count != _outputNames.Count || !expected.Select(c => c.Name).SequenceEqual(_outputNames))
        {
            throw new InvalidOperationException(
                $"{_schema.Name}: columns [{string.Join(", ", _outputNames)}] do not match the schema [{string.Join(", ", expected.Select(c => c.Name))}].");
        }

        return new OutputTable(_schema, _outputs);
    }

    /// <summary>The frame over the arrays themselves (no copy).</summary>
    public DataFrame ToFrame()
    {
        var columns = new DataFrameColumn[_frame.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var (name, values) = _frame[i];
            columns[i] = values switch
            {
                int[] ints => new Int32DataFrameColumn(name, new ArrayByteMemory<int>(ints).Memory, _allValid, _rows, 0),
                double[] doubles => new DoubleDataFrameColumn(name, new ArrayByteMemory<double>(doubles).Memory, _allValid, _rows, 0),
                _ => throw new InvalidOperationException($"Unsupported frame column type {values.GetType()}."),
            };
        }

        return new DataFrame(columns);
    }

    /// <summary>
    /// A frame of every k-th row (k = ceil(rows / maxRows)), copied: a deterministic sample small enough to fit
    /// the ML.NET normalisers quickly. Returns the full frame when it already has at most maxRows rows.
    /// </summary>
    public DataFrame ToSampleFrame(int maxRows)
    {
        if (_rows <= maxRows)
        {
            return ToFrame();
        }

        var stride = (_rows + maxRows - 1) / maxRows;
        var sampled = (_rows + stride - 1) / stride;
        var sample = new FeatureColumnSet(_schema, sampled);
        foreach (var (name, values) in _frame)
        {
            sample._frame.Add((name, values switch
            {
                int[] ints => Stride(ints, stride, sampled),
                double[] doubles => Stride(doubles, stride, sampled),
                _ => throw new InvalidOperationException($"Unsupported frame column type {values.GetType()}."),
            }));
        }

        return sample.ToFrame();
    }

    private static T[] Stride<T>(T[] values, int stride, int count)
    {
        var result = new T[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = values[i * stride];
        }

        return result;
    }

    private void AddOutput(string name, OutputColumn column)
    {
        CheckLength(name, column.Length);
        _outputs.Add(column);
        _outputNames.Add(name);
    }

    private void CheckLength(string name, Array values) => CheckLength(name, values.Length);

    private void CheckLength(string name, int length)
    {
        if (length != _rows)
        {
            throw new InvalidOperationException($"{_schema.Name}.{name} has {length} rows, expected {_rows}.");
        }
    }
}
