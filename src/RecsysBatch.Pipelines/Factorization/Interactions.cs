using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Implicit feedback of one time window: per (user, item) the summed confidence weights of its events, over the
/// event table's full key ranges (so models of different windows share keys), plus item popularity.
/// </summary>
internal sealed class Interactions
{
    private Interactions(SparseRows byUser, int items, double[] popularity)
    {
        ByUser = byUser;
        Items = items;
        Popularity = popularity;
    }

    /// <summary>Cells by user, columns ascending (binary search finds "seen").</summary>
    public SparseRows ByUser { get; }

    public int Users => ByUser.Rows;

    public int Items { get; }

    /// <summary>Summed event weights per item in the window.</summary>
    public double[] Popularity { get; }

    public int Count => ByUser.Count;

    public static Interactions Build(EventTable events, long fromMs, long toMs, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(weights);
        var user = new List<int>();
        var item = new List<int>();
        var value = new List<float>();
        var popularity = new double[events.Items.Count];
        for (var j = 0; j < events.Count; j++)
        {
            var ts = events.TimestampMs[j];
            var i = events.ItemKey[j];
            var w = weights[(int)events.Type[j]];
            if (ts < fromMs || ts >= toMs || i == EventTable.NoKey || w <= 0)
            {
                continue;
            }

            user.Add(events.UserKey[j]);
            item.Add(i);
            value.Add(w);
            popularity[i] += w;
        }

        var byUser = SparseRows.Build(events.Users.Count, [.. user], [.. item], [.. value]);
        return new Interactions(byUser, events.Items.Count, popularity);
    }

    public int ItemCount(int user) => ByUser.Start[user + 1] - ByUser.Start[user];

    public ReadOnlySpan<int> ItemsOf(int user) => ByUser.Column.AsSpan(ByUser.Start[user], ItemCount(user));

    public bool Seen(int user, int item) => ItemsOf(user).BinarySearch(item) >= 0;

    public RatingMatrix ToMatrix(string what) =>
        new(Users, Items, RowKeys(), ByUser.Column, ByUser.Value, what);

    private int[] RowKeys()
    {
        var keys = new int[Count];
        for (var u = 0; u < Users; u++)
        {
            keys.AsSpan(ByUser.Start[u], ItemCount(u)).Fill(u);
        }

        return keys;
    }
}
