using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Implicit feedback of one time window: per (user, item) the summed confidence weights of its events, over the
/// event table's full key ranges (so models of different windows share keys), plus item popularity. Optionally an
/// event's weight decays with its age at the window end (half-life in days), and the summed cell value w is
/// log-scaled to log(1 + w/ε) (Hu, Koren, Volinsky 2008), so that many repeated views do not drown the rest.
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

    /// <summary>Whether a factorization can be trained on these cells: at least 2 users and 2 items have one (as RatingMatrix.Validate asks).</summary>
    public bool CanFactorize
    {
        get
        {
            var users = 0;
            for (var u = 0; u < Users && users < 2; u++)
            {
                users += ItemCount(u) > 0 ? 1 : 0;
            }

            var columns = ByUser.Column.AsSpan(0, Count);
            var items = columns.Length == 0 ? 0 : 1;
            for (var j = 1; j < columns.Length && items < 2; j++)
            {
                items += columns[j] != columns[0] ? 1 : 0;
            }

            return users >= 2 && items >= 2;
        }
    }

    /// <summary>Cells of the events in [fromMs, toMs). <paramref name="halfLifeDays"/> 0: no decay; <paramref name="logEpsilon"/> 0: linear values.</summary>
    public static Interactions Build(EventTable events, long fromMs, long toMs, float[] weights, double halfLifeDays = 0, double logEpsilon = 0)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(weights);
        var decayPerMs = halfLifeDays > 0 ? Math.Log(2) / (halfLifeDays * Timestamps.MillisPerDay) : 0;
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

            // Popularity (the baseline and fallback) stays the plain summed weight; only model cells decay.
            popularity[i] += w;
            user.Add(events.UserKey[j]);
            item.Add(i);
            value.Add(decayPerMs > 0 ? (float)(w * Math.Exp(-decayPerMs * (toMs - ts))) : w);
        }

        var byUser = SparseRows.Build(events.Users.Count, [.. user], [.. item], [.. value]);
        if (logEpsilon > 0)
        {
            foreach (ref var v in byUser.Value.AsSpan())
            {
                v = (float)Math.Log(1 + (v / logEpsilon));
            }
        }

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
