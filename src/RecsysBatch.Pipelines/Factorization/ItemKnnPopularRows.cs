namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Co-occurrence rows C(j, i) = |U(j) ∩ U(i)| of the most popular items, for <see cref="ItemKnnRanker"/>: a popular
/// item reaches thousands of co-users that share most of their items, so its row is far shorter than their item
/// lists together. Items are taken by descending user count while a row is at most half as long as the lists it
/// replaces (Σ_{v ∈ U(j)} |I(v)|) and all rows together hold at most <c>budget</c> cells.
/// </summary>
internal sealed class ItemKnnPopularRows
{
    private readonly int[] _slot;
    private readonly int[] _start;
    private readonly int[] _column;
    private readonly int[] _count;

    public ItemKnnPopularRows(SparseRows byUser, SparseRows byItem, long budget)
    {
        ArgumentNullException.ThrowIfNull(byUser);
        ArgumentNullException.ThrowIfNull(byItem);
        var items = byItem.Rows;
        _slot = new int[items];
        Array.Fill(_slot, -1);
        var order = Enumerable.Range(0, items).OrderByDescending(j => byItem.Start[j + 1] - byItem.Start[j]).ThenBy(j => j);
        var counts = new int[items];
        var touched = new List<int>();
        var start = new List<int> { 0 };
        var column = new List<int>();
        var count = new List<int>();
        foreach (var j in order)
        {
            var lists = 0L;
            foreach (var v in Row(byItem, j))
            {
                foreach (var i in Row(byUser, v))
                {
                    if (counts[i]++ == 0)
                    {
                        touched.Add(i);
                    }
                }

                lists += byUser.Start[v + 1] - byUser.Start[v];
            }

            var keep = lists > 0 && 2L * touched.Count <= lists && column.Count + touched.Count <= budget;
            if (keep)
            {
                touched.Sort();
                _slot[j] = start.Count - 1;
                foreach (var i in touched)
                {
                    column.Add(i);
                    count.Add(counts[i]);
                }

                start.Add(column.Count);
            }

            foreach (var i in touched)
            {
                counts[i] = 0;
            }

            touched.Clear();
            if (!keep)
            {
                break;
            }
        }

        _start = [.. start];
        _column = [.. column];
        _count = [.. count];
    }

    /// <summary>Items with a row.</summary>
    public int Count => _start.Length - 1;

    /// <summary>Cells held by all rows.</summary>
    public int Cells => _column.Length;

    public bool Has(int item) => _slot[item] >= 0;

    /// <summary>Co-occurring items of an item that <see cref="Has"/> a row, ascending.</summary>
    public ReadOnlySpan<int> Columns(int item) => _column.AsSpan(_start[_slot[item]], _start[_slot[item] + 1] - _start[_slot[item]]);

    /// <summary>|U(item) ∩ U(i)| for each i of <see cref="Columns"/>.</summary>
    public ReadOnlySpan<int> Counts(int item) => _count.AsSpan(_start[_slot[item]], _start[_slot[item] + 1] - _start[_slot[item]]);

    private static ReadOnlySpan<int> Row(SparseRows rows, int row) => rows.Column.AsSpan(rows.Start[row], rows.Start[row + 1] - rows.Start[row]);
}
