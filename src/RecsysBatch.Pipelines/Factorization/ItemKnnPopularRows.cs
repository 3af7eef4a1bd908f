namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Co-occurrence rows C(j, i) = |U(j) ∩ U(i)| of the most popular items, for <see cref="ItemKnnRanker"/>: a popular
/// item reaches thousands of co-users that share most of their items, so its row is far shorter than their item
/// lists together. Items are taken by descending user count (ties: smaller key) while a row is at most half as long
/// as the lists it replaces (Σ_{v ∈ U(j)} |I(v)|) and all rows together hold at most <c>budget</c> cells. Rows are
/// counted in parallel batches and accepted in that order, so the rows do not depend on the thread count.
/// </summary>
internal sealed class ItemKnnPopularRows
{
    private const int Batch = 64;

    private readonly int[] _slot;
    private readonly int[] _start;
    private readonly int[] _column;
    private readonly int[] _count;

    public ItemKnnPopularRows(SparseRows byUser, SparseRows byItem, long budget, int threads)
    {
        ArgumentNullException.ThrowIfNull(byUser);
        ArgumentNullException.ThrowIfNull(byItem);
        var items = byItem.Rows;
        _slot = new int[items];
        Array.Fill(_slot, -1);
        int[] order = [.. Enumerable.Range(0, items).OrderByDescending(j => byItem.Start[j + 1] - byItem.Start[j]).ThenBy(j => j)];
        var start = new List<int> { 0 };
        var column = new List<int>();
        var count = new List<int>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        var rows = new (int[] Columns, int[] Counts, long Lists)[Batch];
        for (var from = 0; from < items; from += Batch)
        {
            var batch = Math.Min(Batch, items - from);
            Parallel.For(0, batch, parallel, () => new int[items], (b, _, counts) =>
            {
                rows[b] = CountRow(byUser, byItem, order[from + b], counts);
                return counts;
            }, _ => { });
            for (var b = 0; b < batch; b++)
            {
                var (columns, counts, lists) = rows[b];
                if (lists == 0 || 2L * columns.Length > lists || column.Count + columns.Length > budget)
                {
                    Freeze(start, column, count, out _start, out _column, out _count);
                    return;
                }

                _slot[order[from + b]] = start.Count - 1;
                column.AddRange(columns);
                count.AddRange(counts);
                start.Add(column.Count);
            }
        }

        Freeze(start, column, count, out _start, out _column, out _count);
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

    /// <summary>Row j: the items of its users with how many of them have each, and Σ_{v ∈ U(j)} |I(v)|. <paramref name="counts"/> is zero before and after.</summary>
    private static (int[] Columns, int[] Counts, long Lists) CountRow(SparseRows byUser, SparseRows byItem, int j, int[] counts)
    {
        var touched = new List<int>();
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

        touched.Sort();
        var result = new int[touched.Count];
        for (var p = 0; p < result.Length; p++)
        {
            result[p] = counts[touched[p]];
            counts[touched[p]] = 0;
        }

        return ([.. touched], result, lists);
    }

    private static void Freeze(List<int> start, List<int> column, List<int> count, out int[] starts, out int[] columns, out int[] counts)
    {
        starts = [.. start];
        columns = [.. column];
        counts = [.. count];
    }

    private static ReadOnlySpan<int> Row(SparseRows rows, int row) => rows.Column.AsSpan(rows.Start[row], rows.Start[row + 1] - rows.Start[row]);
}
