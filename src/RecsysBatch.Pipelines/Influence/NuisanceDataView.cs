using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// Some rows of the shared nuisance vectors as an IDataView: "Features" (a Single vector of the data's width) and,
/// for training, the Boolean "Label", the trainers' default column names. A trainer that streams its rows once per
/// evaluation (the single-threaded L-BFGS) cursors it many times: each cursor copies a row's features into the
/// caller's buffer and allocates nothing per row (LoadFromEnumerable made an object per row per pass). The row count
/// is left unknown, as for an enumerable, so trainers take the same path as before.
/// </summary>
internal sealed class NuisanceDataView : IDataView
{
    public const string LabelColumn = "Label";
    public const string FeaturesColumn = "Features";

    private readonly NuisanceData _data;
    private readonly bool[]? _label;
    private readonly IReadOnlyList<int> _rows;

    /// <param name="label">Per unit, its class; null: a view to predict, without a Label column.</param>
    /// <param name="rows">The units, in the view's order.</param>
    public NuisanceDataView(NuisanceData data, bool[]? label, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        _data = data;
        _label = label;
        _rows = rows;
        var builder = new DataViewSchema.Builder();
        if (label is not null)
        {
            builder.AddColumn(LabelColumn, BooleanDataViewType.Instance);
        }

        builder.AddColumn(FeaturesColumn, new VectorDataViewType(NumberDataViewType.Single, data.Width));
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly NuisanceDataView _view;
        private readonly bool[] _active;
        private int _position = -1;

        public Cursor(NuisanceDataView view, IEnumerable<int> active)
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
            if (_position + 1 < _view._rows.Count)
            {
                _position++;
                return true;
            }

            _position = _view._rows.Count;
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

            var view = _view;
            Delegate getter = column.Name == LabelColumn
                ? (ValueGetter<bool>)((ref bool value) => value = view._label![view._rows[_position]])
                : (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                {
                    var row = view._data.Rows[view._rows[_position]];
                    var editor = VBufferEditor.Create(ref value, row.Length);
                    row.CopyTo(editor.Values);
                    value = editor.Commit();
                });
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
        }
    }
}
