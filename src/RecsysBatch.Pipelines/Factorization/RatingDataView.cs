using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Pipelines.DataViews;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Training cells already in memory (a <see cref="RatingMatrix"/>) as an IDataView: "UserId" and "ItemId" UInt32 key
/// columns (key = index + 1, as MapValueToKey makes them) and the Single "Label", the default column names of
/// <see cref="MatrixFactorizationOptions"/>. Any ML.NET consumer can cursor it; the cursor reads the arrays, so no
/// per-row objects exist. <see cref="MatrixFactorizationEstimator"/> recognises it and trains on the arrays directly.
/// </summary>
internal sealed class RatingDataView : IDataView
{
    public const string UserColumn = "UserId";
    public const string ItemColumn = "ItemId";
    public const string LabelColumn = "Label";

    public RatingDataView(RatingMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(UserColumn, new KeyDataViewType(typeof(uint), data.Users));
        builder.AddColumn(ItemColumn, new KeyDataViewType(typeof(uint), data.Items));
        builder.AddColumn(LabelColumn, NumberDataViewType.Single);
        Schema = builder.ToSchema();
    }

    /// <summary>The cells; row j of the view is cell j.</summary>
    public RatingMatrix Data { get; }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => Data.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(RatingDataView view, IEnumerable<int> active) : IndexedRowCursor(view.Schema, view.Data.Count, active)
    {
        protected override Delegate MakeGetter(DataViewSchema.Column column)
        {
            var data = view.Data;
            return column.Index switch
            {
                0 => (ValueGetter<uint>)((ref uint value) => value = (uint)data.User[Position] + 1),
                1 => (ValueGetter<uint>)((ref uint value) => value = (uint)data.Item[Position] + 1),
                _ => (ValueGetter<float>)((ref float value) => value = data.Label[Position]),
            };
        }
    }
}
