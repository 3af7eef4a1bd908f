using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Pipelines.DataViews;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// Some rows of the shared nuisance vectors as an IDataView: "Features" (a Single vector of the data's width) and,
/// for training, the Boolean "Label", the trainers' default column names. Each cursor copies a row's features into the
/// caller's buffer and allocates nothing per row (LoadFromEnumerable made an object per row per pass); the L-BFGS
/// logistic reads it once into its own rows (two threads, see <see cref="LogisticModel"/>), FastTree once to bin. The row count
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

    private sealed class Cursor(NuisanceDataView view, IEnumerable<int> active) : IndexedRowCursor(view.Schema, view._rows.Count, active)
    {
        protected override Delegate MakeGetter(DataViewSchema.Column column) => column.Name == LabelColumn
            ? (ValueGetter<bool>)((ref bool value) => value = view._label![view._rows[(int)Position]])
            : (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                var row = view._data.Rows[view._rows[(int)Position]];
                var editor = VBufferEditor.Create(ref value, row.Length);
                row.CopyTo(editor.Values);
                value = editor.Commit();
            });
    }
}
