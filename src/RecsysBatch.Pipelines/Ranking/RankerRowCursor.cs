using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// A cursor over ranker input rows with one column per contract tensor (<see cref="RankerInputView.SchemaOf"/>): each
/// getter reads the current row from the tensor arrays of a <see cref="RankerBatch"/>; <c>locate</c> maps the cursor
/// position to that row (the position itself for rows in memory, or row 0 of a one-row batch it fills on demand).
/// </summary>
internal sealed class RankerRowCursor : DataViewRowCursor
{
    private readonly DataViewSchema _schema;
    private readonly RankerContract _contract;
    private readonly int _count;
    private readonly bool[] _active;
    private readonly RankerBatch _rows;
    private readonly Func<long, int> _locate;
    private long _position = -1;

    public RankerRowCursor(DataViewSchema schema, RankerContract contract, int count, IEnumerable<int> active, RankerBatch rows, Func<long, int> locate)
    {
        _schema = schema;
        _contract = contract;
        _count = count;
        _rows = rows;
        _locate = locate;
        _active = new bool[schema.Count];
        foreach (var index in active)
        {
            _active[index] = true;
        }
    }

    public override DataViewSchema Schema => _schema;

    public override long Position => _position;

    public override long Batch => 0;

    public override bool MoveNext()
    {
        if (_position + 1 < _count)
        {
            _position++;
            return true;
        }

        _position = _count;
        return false;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

    public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!_active[column.Index])
        {
            throw new InvalidOperationException($"column '{column.Name}' is not active in this cursor.");
        }

        var spec = _contract.Inputs[column.Index];
        var data = RankerInputView.TensorOf(_rows, spec.Name);
        Delegate getter = (column.Type, data) switch
        {
            (VectorDataViewType, float[] f) => VectorGetter(f, spec.RowWidth),
            (VectorDataViewType, long[] l) => VectorGetter(l, spec.RowWidth),
            (_, float[] f) => ScalarGetter(f),
            (_, long[] l) => ScalarGetter(l),
            _ => throw new InvalidOperationException($"column '{column.Name}' has no getter."),
        };
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
    }

    private ValueGetter<VBuffer<T>> VectorGetter<T>(T[] data, int width) => (ref VBuffer<T> value) =>
    {
        var editor = VBufferEditor.Create(ref value, width);
        data.AsSpan(_locate(_position) * width, width).CopyTo(editor.Values);
        value = editor.Commit();
    };

    private ValueGetter<T> ScalarGetter<T>(T[] data) => (ref T value) => value = data[_locate(_position)];
}
