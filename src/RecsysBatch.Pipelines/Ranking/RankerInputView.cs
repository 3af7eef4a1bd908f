using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Rows already in the contract's tensor layout (a <see cref="RankerBatch"/>, one contiguous array per tensor) as an
/// IDataView with one column per input tensor. Any ML.NET consumer can cursor it like any view; the
/// <see cref="RankerScoringTransformer"/> recognises it and hands slices of its arrays to ONNX Runtime directly, so
/// in-memory rows are scored without per-row getter calls or copies (the columnar fast path).
/// </summary>
internal sealed class RankerInputView : IDataView
{
    public RankerInputView(RankerContract contract, RankerBatch rows)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(rows);
        Contract = contract;
        Rows = rows;
        var builder = new DataViewSchema.Builder();
        foreach (var spec in contract.Inputs)
        {
            DataViewType item = spec.ElementType == "int64" ? NumberDataViewType.Int64 : NumberDataViewType.Single;
            // A [batch] tensor is a scalar column; every other shape a known-size vector, as RankerColumns.Check expects.
            builder.AddColumn(spec.Name, spec.Shape.Count == 1 ? item : new VectorDataViewType((PrimitiveDataViewType)item, spec.RowWidth));
        }

        Schema = builder.ToSchema();
        RankerColumns.Check(contract, Schema);
    }

    public RankerContract Contract { get; }

    /// <summary>The rows; <see cref="RankerBatch.Count"/> of them are in the view.</summary>
    public RankerBatch Rows { get; }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => Rows.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The array holding tensor <paramref name="name"/> of the rows, row-major.</summary>
    public Array Tensor(string name) => TensorOf(Rows, name);

    internal static Array TensorOf(RankerBatch b, string name) => name switch
    {
        RankerInputs.UserFeatures => b.UserFeatures,
        RankerInputs.ItemFeatures => b.ItemFeatures,
        RankerInputs.UserFactors => b.UserFactors,
        RankerInputs.ItemFactors => b.ItemFactors,
        RankerInputs.ItemCategory => b.ItemCategory,
        RankerInputs.BehaviorCategories => b.BehaviorCategories,
        RankerInputs.BehaviorEventTypes => b.BehaviorEventTypes,
        RankerInputs.BehaviorMask => b.BehaviorMask,
        _ => throw new Core.RecsysException($"ranker contract input '{name}' has no source in the rank stage."),
    };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly RankerInputView _view;
        private readonly bool[] _active;
        private long _position = -1;

        public Cursor(RankerInputView view, IEnumerable<int> active)
        {
            _view = view;
            _active = new bool[view.Schema.Count];
            foreach (var index in active)
            {
                _active[index] = true;
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 < _view.Rows.Count)
            {
                _position++;
                return true;
            }

            _position = _view.Rows.Count;
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

            var spec = _view.Contract.Inputs[column.Index];
            var data = _view.Tensor(spec.Name);
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
            data.AsSpan(checked((int)_position) * width, width).CopyTo(editor.Values);
            value = editor.Commit();
        };

        private ValueGetter<T> ScalarGetter<T>(T[] data) => (ref T value) => value = data[_position];
    }
}
