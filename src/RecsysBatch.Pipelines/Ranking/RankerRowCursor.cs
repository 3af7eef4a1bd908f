using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Pipelines.DataViews;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// A cursor over ranker input rows with one column per contract tensor (<see cref="RankerInputView.SchemaOf"/>): each
/// getter reads the current row from the tensor arrays of a <see cref="RankerBatch"/>; <c>locate</c> maps the cursor
/// position to that row (the position itself for rows in memory, or row 0 of a one-row batch it fills on demand).
/// </summary>
internal sealed class RankerRowCursor(DataViewSchema schema, RankerContract contract, int count, IEnumerable<int> active, RankerBatch rows, Func<long, int> locate)
    : IndexedRowCursor(schema, count, active)
{
    protected override Delegate MakeGetter(DataViewSchema.Column column)
    {
        var spec = contract.Inputs[column.Index];
        var data = RankerInputView.TensorOf(rows, spec.Name);
        return (column.Type, data) switch
        {
            (VectorDataViewType, float[] f) => VectorGetter(f, spec.RowWidth),
            (VectorDataViewType, long[] l) => VectorGetter(l, spec.RowWidth),
            (_, float[] f) => ScalarGetter(f),
            (_, long[] l) => ScalarGetter(l),
            _ => throw new InvalidOperationException($"column '{column.Name}' has no getter."),
        };
    }

    private ValueGetter<VBuffer<T>> VectorGetter<T>(T[] data, int width) => (ref VBuffer<T> value) =>
    {
        var editor = VBufferEditor.Create(ref value, width);
        data.AsSpan(locate(Position) * width, width).CopyTo(editor.Values);
        value = editor.Commit();
    };

    private ValueGetter<T> ScalarGetter<T>(T[] data) => (ref T value) => value = data[locate(Position)];
}
