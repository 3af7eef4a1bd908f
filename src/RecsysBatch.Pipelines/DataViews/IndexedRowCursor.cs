using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.DataViews;

/// <summary>
/// What every cursor over rows already in memory shares: it walks positions 0 … count − 1 once, in order, answers
/// which columns are active, and hands out the getter a subclass makes for an active column (<see cref="MakeGetter"/>),
/// checked against the type the caller asks for. The views over arrays (ratings, ranker inputs, nuisance vectors)
/// derive from it and only say how a column's value at <see cref="DataViewRow.Position"/> is read.
/// </summary>
internal abstract class IndexedRowCursor : DataViewRowCursor
{
    private readonly bool[] _active;
    private readonly long _count;
    private long _position = -1;

    protected IndexedRowCursor(DataViewSchema schema, long count, IEnumerable<int> active)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(active);
        Schema = schema;
        _count = count;
        _active = new bool[schema.Count];
        foreach (var index in active)
        {
            _active[index] = true;
        }
    }

    public override DataViewSchema Schema { get; }

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

    public sealed override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!_active[column.Index])
        {
            throw new InvalidOperationException($"column '{column.Name}' is not active in this cursor.");
        }

        return MakeGetter(column) as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
    }

    /// <summary>A ValueGetter of the column's type reading the row at <see cref="DataViewRow.Position"/>.</summary>
    protected abstract Delegate MakeGetter(DataViewSchema.Column column);
}
