using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Categories of the events before a cutoff: each item's category (that of its latest event), each user's
/// decayed share of every category they touched (event weight × 2^(−age / half-life), shares summing to 1), and
/// each item's decayed popularity. Shoppers browse within a few categories and the catalogue churns, so a
/// user's recent categories say much about what they touch next.
/// </summary>
internal sealed class CategoryProfile
{
    private readonly int[] _itemCategory;
    private readonly SparseRows _shares;

    private CategoryProfile(int[] itemCategory, SparseRows shares, double[] recentPopularity)
    {
        _itemCategory = itemCategory;
        _shares = shares;
        RecentPopularity = recentPopularity;
    }

    /// <summary>Decayed summed event weight per item.</summary>
    public double[] RecentPopularity { get; }

    /// <summary>The profile of the events before <paramref name="toMs"/>; null when the events carry no categories.</summary>
    public static CategoryProfile? Build(EventTable events, long toMs, float[] weights, double halfLifeDays)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(weights);
        if (!events.HasCategories)
        {
            return null;
        }

        var decayPerMs = halfLifeDays > 0 ? Math.Log(2) / (halfLifeDays * Timestamps.MillisPerDay) : 0;
        var itemCategory = new int[events.Items.Count];
        var latest = new long[events.Items.Count];
        Array.Fill(itemCategory, EventTable.NoKey);
        Array.Fill(latest, long.MinValue);
        var popularity = new double[events.Items.Count];
        var user = new List<int>();
        var category = new List<int>();
        var value = new List<float>();
        for (var j = 0; j < events.Count; j++)
        {
            var ts = events.TimestampMs[j];
            var i = events.ItemKey[j];
            var c = events.CategoryKey[j];
            var w = weights[(int)events.Type[j]];
            if (ts >= toMs || i == EventTable.NoKey || c == EventTable.NoKey || w <= 0)
            {
                continue;
            }

            if (ts >= latest[i])
            {
                latest[i] = ts;
                itemCategory[i] = c;
            }

            var decayed = w * Math.Exp(-decayPerMs * (toMs - ts));
            popularity[i] += decayed;
            user.Add(events.UserKey[j]);
            category.Add(c);
            value.Add((float)decayed);
        }

        var shares = SparseRows.Build(events.Users.Count, [.. user], [.. category], [.. value]);
        for (var u = 0; u < shares.Rows; u++)
        {
            var row = shares.Value.AsSpan(shares.Start[u], shares.Start[u + 1] - shares.Start[u]);
            var sum = 0f;
            foreach (var v in row)
            {
                sum += v;
            }

            foreach (ref var v in row)
            {
                v = sum > 0 ? v / sum : 0;
            }
        }

        return new CategoryProfile(itemCategory, shares, popularity);
    }

    public int Category(int item) => _itemCategory[item];

    /// <summary>The user's categories, ascending key.</summary>
    public ReadOnlySpan<int> CategoriesOf(int user) => _shares.Column.AsSpan(_shares.Start[user], _shares.Start[user + 1] - _shares.Start[user]);

    /// <summary>The user's share of a category (0 when never touched).</summary>
    public double Share(int user, int category)
    {
        var at = CategoriesOf(user).BinarySearch(category);
        return at >= 0 ? _shares.Value[_shares.Start[user] + at] : 0;
    }

    /// <summary>The user's share of the item's category.</summary>
    public double ItemShare(int user, int item) => _itemCategory[item] == EventTable.NoKey ? 0 : Share(user, _itemCategory[item]);
}
