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

        // Best k unseen by (score desc, item asc), kept sorted in the destination: insertion into a k-long list.
        var n = 0;
        Span<double> best = k <= 256 ? stackalloc double[k] : new double[k];
        foreach (var i in _touched)
        {
            var s = _score[i] / Math.Sqrt(ItemUsers(i).Length);
            if ((n == k && !Better(s, i, best[n - 1], destination[n - 1])) || _data.Seen(user, i))
            {
                continue;
            }

            var at = n < k ? n++ : n - 1;
            while (at > 0 && Better(s, i, best[at - 1], destination[at - 1]))
            {
                best[at] = best[at - 1];
                destination[at] = destination[at - 1];
                at--;
            }

            best[at] = s;
            destination[at] = i;
        }

        foreach (var i in _touched)
        {
            _score[i] = 0;
        }

        _touched.Clear();
        return n;
    }

    private static bool Better(double score, int item, double otherScore, int otherItem) =>
        score > otherScore || (score == otherScore && item < otherItem);

    private ReadOnlySpan<int> ItemUsers(int item) => _byItem.Column.AsSpan(_byItem.Start[item], _byItem.Start[item + 1] - _byItem.Start[item]);
}
