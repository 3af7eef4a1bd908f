using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The IDataView side of the contract: one input column per tensor, named like it — a known-size Single or Int64 vector, or a
/// scalar for a one-value tensor — and readers that copy a row into a <see cref="RankerBatch"/>.
/// </summary>
internal static class RankerColumns
{
    public static void Check(RankerContract contract, DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var spec in contract.Inputs)
        {
            var column = schema.GetColumnOrNull(spec.Name)
                ?? throw new RecsysException($"rank scoring: the input has no column '{spec.Name}' (tensor {spec.Name} {spec.ElementType} {spec.ShapeText}).");
            var item = ItemType(spec);
            // A one-value tensor ([batch] or [batch, 1]) may come from a scalar column.
            var ok = (spec.RowWidth == 1 && column.Type == item)
                || (column.Type is VectorDataViewType v && v.ItemType == item && v.Size == spec.RowWidth);
            if (!ok)
            {
                throw new RecsysException($"rank scoring: column '{spec.Name}' is {column.Type}, the contract needs {(spec.RowWidth == 1 ? $"{item} or " : "")}Vector<{item}, {spec.RowWidth}>.");
            }
        }
    }

    /// <summary>
    /// Readers that copy the cursor's current row into row r of <paramref name="batch"/>, one per contract input; the
    /// target arrays and getters are bound once, so a row costs one getter call and one span copy per input.
    /// </summary>
    public static Action<int>[] Readers(RankerContract contract, DataViewRow cursor, RankerBatch batch)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(batch);
        return [.. contract.Inputs.Select(spec => (RankerInputView.TensorOf(batch, spec.Name), cursor.Schema[spec.Name].Type) switch
        {
            (long[] target, not VectorDataViewType) => Scalar(cursor, spec, target),
            (long[] target, _) => Vector(cursor, spec, target),
            (float[] target, not VectorDataViewType) => Scalar(cursor, spec, target),
            (float[] target, _) => Vector(cursor, spec, target),
            _ => throw new RecsysException($"ranker contract input '{spec.Name}' has no source in the rank stage."),
        })];
    }

    private static NumberDataViewType ItemType(RankerTensorSpec spec) => spec.ElementType switch
    {
        "float" => NumberDataViewType.Single,
        "int64" => NumberDataViewType.Int64,
        _ => throw new RecsysException($"rank scoring: tensor '{spec.Name}' has element type {spec.ElementType}; the stage feeds float and int64 only."),
    };

    private static Action<int> Scalar<T>(DataViewRow cursor, RankerTensorSpec spec, T[] target)
    {
        var getter = cursor.GetGetter<T>(cursor.Schema[spec.Name]);
        return row => getter(ref target[row]);
    }

    private static Action<int> Vector<T>(DataViewRow cursor, RankerTensorSpec spec, T[] target)
        where T : unmanaged
    {
        var getter = cursor.GetGetter<VBuffer<T>>(cursor.Schema[spec.Name]);
        var width = spec.RowWidth;
        var buffer = default(VBuffer<T>);
        return row =>
        {
            getter(ref buffer);
            var destination = target.AsSpan(row * width, width);
            if (buffer.IsDense)
            {
                buffer.GetValues().CopyTo(destination);
                return;
            }

            destination.Clear();
            var values = buffer.GetValues();
            var indices = buffer.GetIndices();
            for (var i = 0; i < values.Length; i++)
            {
                destination[indices[i]] = values[i];
            }
        };
    }
}
