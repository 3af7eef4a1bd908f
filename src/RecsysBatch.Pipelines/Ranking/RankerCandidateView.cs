using Microsoft.ML;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// (user, item) pairs as ranker input rows (<see cref="RankerInputView.SchemaOf"/>) that are filled only when read:
/// <see cref="RankerScoringTransformer"/> fills each batch straight into the session's buffer (<see cref="Run"/>), so
/// millions of candidates are scored without materialising their rows; any other consumer reads a row through the
/// getters, filled into a one-row batch of its cursor.
/// </summary>
internal sealed class RankerCandidateView : IDataView, IRankerBatchSource
{
    private readonly RankerContract _contract;
    private readonly RankRowFiller _filler;
    private readonly int[] _users;
    private readonly int[] _items;

    /// <param name="users">Dense user key of each row.</param>
    /// <param name="items">Dense item key of each row (as many as users).</param>
    public RankerCandidateView(RankerContract contract, RankRowFiller filler, int[] users, int[] items)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(filler);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNotEqual(items.Length, users.Length);
        _contract = contract;
        _filler = filler;
        _users = users;
        _items = items;
        Schema = RankerInputView.SchemaOf(contract);
    }

    public int Count => _users.Length;

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var row = new RankerBatch(_contract, 1) { Count = 1 };
        var filled = -1L;
        return new RankerRowCursor(Schema, _contract, Count, columnsNeeded.Select(c => c.Index), row, position =>
        {
            if (position != filled)
            {
                _filler.Fill(row, 0, _users[position], _items[position]);
                filled = position;
            }

            return 0;
        });
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    public ReadOnlySpan<float> Run(OnnxRankerSession session, int start, int n)
    {
        ArgumentNullException.ThrowIfNull(session);
        var buffer = session.Buffer;
        for (var r = 0; r < n; r++)
        {
            _filler.Fill(buffer, r, _users[start + r], _items[start + r]);
        }

        buffer.Count = n;
        return session.Run();
    }
}
