namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Item-kNN baseline: score(u, i) = Σ_{j seen by u} cos(i, j) over binary item columns, computed sparsely through
/// co-occurring users (no item × item matrix), then top-K unseen with ties to the smaller item key.
/// </summary>
internal sealed class ItemKnnRanker
{
    private readonly Interactions _data;
    private readonly SparseRows _byItem;
    private readonly double[] _score;
    private readonly List<int> _touched = [];

    public ItemKnnRanker(Interactions data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
        _byItem = data.ByUser.Transpose(data.Items);
        _score = new double[data.Items];
    }

    /// <summary>Writes up to k items into <paramref name="destination"/>; returns how many. Not thread-safe.</summary>
    public int Top(int user, int k, Span<int> destination)
    {
        foreach (var j in _data.ItemsOf(user))
        {
            var usersOfJ = ItemUsers(j);
            var nj = Math.Sqrt(usersOfJ.Length);
            foreach (var v in usersOfJ)
            {
                foreach (var i in _data.ItemsOf(v))
                {
                    if (_score[i] == 0)
                    {
                        _touched.Add(i);
                    }

                    // Dividing by sqrt(|U(i)|) is applied once per item below; here only the j-side norm.
                    _score[i] += 1 / nj;
                }
            }
        }

        var ranked = _touched
            .Where(i => !_data.Seen(user, i))
            .Select(i => (Item: i, Score: _score[i] / Math.Sqrt(ItemUsers(i).Length)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Item)
            .Take(k);
        var n = 0;
        foreach (var (item, _) in ranked)
        {
            destination[n++] = item;
        }

        foreach (var i in _touched)
        {
            _score[i] = 0;
        }

        _touched.Clear();
        return n;
    }

    private ReadOnlySpan<int> ItemUsers(int item) => _byItem.Column.AsSpan(_byItem.Start[item], _byItem.Start[item + 1] - _byItem.Start[item]);
}
