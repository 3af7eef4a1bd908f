using Microsoft.ML;
using Microsoft.ML.Data;

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

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly RatingDataView _view;
        private readonly bool[] _active = new bool[3];
        private int _position = -1;

        public Cursor(RatingDataView view, IEnumerable<int> active)
        {
            _view = view;
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
            if (_position + 1 < _view.Data.Count)
            {
                _position++;
                return true;
            }

            _position = _view.Data.Count;
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

            var data = _view.Data;
            Delegate getter = column.Index switch
            {
                0 => (ValueGetter<uint>)((ref uint value) => value = (uint)data.User[_position] + 1),
                1 => (ValueGetter<uint>)((ref uint value) => value = (uint)data.Item[_position] + 1),
                _ => (ValueGetter<float>)((ref float value) => value = data.Label[_position]),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
        }
    }
}
