using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The contract's numeric user (12) and item (8) features and each item's category, from the events before a cutoff
/// only. User: log1p counts of view, click, fav, cart, purchase, all events, distinct items, distinct categories,
/// active days, days since the last event; purchase and cart shares of the events. Item: log1p counts of view,
/// click, cart, purchase, all events, distinct users, days since the last event; purchase share of the events.
/// </summary>
internal sealed class RankFeatures
{
    public const int UserWidth = 12;
    public const int ItemWidth = 8;

    private readonly float[] _user;
    private readonly float[] _item;

    private RankFeatures(int users, int items)
    {
        _user = new float[users * UserWidth];
        _item = new float[items * ItemWidth];
        ItemCategory = new int[items];
        Array.Fill(ItemCategory, EventTable.NoKey);
    }

    /// <summary>Category key of each item (its latest event before the cutoff), or <see cref="EventTable.NoKey"/>.</summary>
    public int[] ItemCategory { get; }

    public static RankFeatures Build(EventTable events, long cutoffMs)
    {
        ArgumentNullException.ThrowIfNull(events);
        var result = new RankFeatures(events.Users.Count, events.Items.Count);
        var userCounts = new double[events.Users.Count * 6];
        var itemCounts = new double[events.Items.Count * 5];
        var userLast = new long[events.Users.Count];
        var itemLast = new long[events.Items.Count];
        Array.Fill(userLast, long.MinValue);
        Array.Fill(itemLast, long.MinValue);
        var userItems = new HashSet<long>();
        var userCategories = new HashSet<long>();
        var userDays = new HashSet<long>();
        var distinctItems = new int[events.Users.Count];
        var distinctCategories = new int[events.Users.Count];
        var activeDays = new int[events.Users.Count];
        var distinctUsers = new int[events.Items.Count];
        for (var e = 0; e < events.Count; e++)
        {
            var ts = events.TimestampMs[e];
            if (ts >= cutoffMs)
            {
                continue;
            }

            var u = events.UserKey[e];
            var i = events.ItemKey[e];
            var c = events.CategoryKey[e];
            var type = (int)events.Type[e];
            if (type < 5)
            {
                userCounts[(u * 6) + type]++;
            }

            userCounts[(u * 6) + 5]++;
            userLast[u] = Math.Max(userLast[u], ts);
            if (userDays.Add(((long)u << 32) | (uint)(ts / Timestamps.MillisPerDay)))
            {
                activeDays[u]++;
            }

            if (c != EventTable.NoKey && userCategories.Add(((long)u << 32) | (uint)c))
            {
                distinctCategories[u]++;
            }

            if (i == EventTable.NoKey)
            {
                continue;
            }

            if (userItems.Add(((long)u << 32) | (uint)i))
            {
                distinctItems[u]++;
                distinctUsers[i]++;
            }

            var slot = events.Type[e] switch
            {
                EventType.View => 0,
                EventType.Click => 1,
                EventType.Cart => 2,
                EventType.Purchase => 3,
                _ => -1,
            };
            if (slot >= 0)
            {
                itemCounts[(i * 5) + slot]++;
            }

            itemCounts[(i * 5) + 4]++;
            if (ts >= itemLast[i])
            {
                itemLast[i] = ts;
                if (c != EventTable.NoKey)
                {
                    result.ItemCategory[i] = c;
                }
            }
        }

        for (var u = 0; u < events.Users.Count; u++)
        {
            var row = result._user.AsSpan(u * UserWidth, UserWidth);
            var counts = userCounts.AsSpan(u * 6, 6);
            for (var k = 0; k < 6; k++)
            {
                row[k] = Log(counts[k]);
            }

            row[6] = Log(distinctItems[u]);
            row[7] = Log(distinctCategories[u]);
            row[8] = Log(activeDays[u]);
            row[9] = Log(DaysSince(userLast[u], cutoffMs));
            row[10] = Share(counts[4], counts[5]);
            row[11] = Share(counts[3], counts[5]);
        }

        for (var i = 0; i < events.Items.Count; i++)
        {
            var row = result._item.AsSpan(i * ItemWidth, ItemWidth);
            var counts = itemCounts.AsSpan(i * 5, 5);
            for (var k = 0; k < 5; k++)
            {
                row[k] = Log(counts[k]);
            }

            row[5] = Log(distinctUsers[i]);
            row[6] = Log(DaysSince(itemLast[i], cutoffMs));
            row[7] = Share(counts[3], counts[4]);
        }

        return result;
    }

    public ReadOnlySpan<float> User(int user) => _user.AsSpan(user * UserWidth, UserWidth);

    public ReadOnlySpan<float> Item(int item) => _item.AsSpan(item * ItemWidth, ItemWidth);

    private static float Log(double x) => (float)Math.Log(1 + x);

    private static float Share(double part, double all) => all > 0 ? (float)(part / all) : 0f;

    // No event before the cutoff: one year (the feature saturates on the log scale anyway).
    private static double DaysSince(long last, long cutoffMs) =>
        last == long.MinValue ? 365 : Math.Min(365, (cutoffMs - last) / (double)Timestamps.MillisPerDay);
}
