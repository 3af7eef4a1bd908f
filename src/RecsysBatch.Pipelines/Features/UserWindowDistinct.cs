using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// Distinct items and categories per user in the 30-day window, the user's top category there, and, as a
/// by-product, distinct users per item. The window's (item, category) pairs are bucketed by user (counting
/// sort), then each bucket is scanned with
/// "last user seen" stamps per item and per category instead of a set per user.
/// </summary>
internal sealed class UserWindowDistinct
{
    private UserWindowDistinct(int users, int items)
    {
        DistinctItems = new int[users];
        DistinctCategories = new int[users];
        TopCategory = new int[users];
        TopCategoryShare = new double[users];
        DistinctUsersPerItem = new int[items];
        Array.Fill(TopCategory, EventTable.NoKey);
        Array.Fill(TopCategoryShare, double.NaN);
    }

    public int[] DistinctItems { get; }

    public int[] DistinctCategories { get; }

    /// <summary>Category key with most events in the window (ties: smallest key); NoKey when none has a category.</summary>
    public int[] TopCategory { get; }

    /// <summary>Events in the top category / window events with a category; NaN when there is no top category.</summary>
    public double[] TopCategoryShare { get; }

    /// <summary>Distinct users per item key in the 30-day window.</summary>
    public int[] DistinctUsersPerItem { get; }

    /// <summary>
    /// Independent of <see cref="UserAggregates"/> (it counts the bucket sizes itself) so that it can run on the
    /// item thread and balance the two cores.
    /// </summary>
    public static UserWindowDistinct Compute(EventTable events, long cutoffMs)
    {
        var users = events.Users.Count;
        var result = new UserWindowDistinct(users, events.Items.Count);
        if (!events.HasItems && !events.HasCategories)
        {
            return result;
        }

        var userKeys = events.UserKey;
        var times = events.TimestampMs;
        var windowStart = cutoffMs - FeatureWindows.ThirtyDaysMs;
        var sizes = new int[users];
        for (var i = 0; i < userKeys.Length; i++)
        {
            var ts = times[i];
            if (ts >= windowStart && ts < cutoffMs)
            {
                sizes[userKeys[i]]++;
            }
        }

        // ends[u] starts as the first slot of user u's bucket and ends as one past its last slot.
        var ends = new int[users];
        var slots = 0;
        for (var u = 0; u < users; u++)
        {
            ends[u] = slots;
            slots += sizes[u];
        }

        var bucketItem = GC.AllocateUninitializedArray<int>(slots);
        var bucketCategory = GC.AllocateUninitializedArray<int>(slots);
        var itemKeys = events.ItemKey;
        var categoryKeys = events.CategoryKey;
        for (var i = 0; i < userKeys.Length; i++)
        {
            var ts = times[i];
            if (ts >= windowStart && ts < cutoffMs)
            {
                var slot = ends[userKeys[i]]++;
                bucketItem[slot] = itemKeys[i];
                bucketCategory[slot] = categoryKeys[i];
            }
        }

        result.ScanBuckets(ends, sizes, bucketItem, bucketCategory, events.Categories.Count);
        return result;
    }

    private void ScanBuckets(int[] ends, int[] sizes, int[] bucketItem, int[] bucketCategory, int categories)
    {
        var itemStamp = new int[DistinctUsersPerItem.Length];
        var categoryStamp = new int[categories];
        var categoryCount = new int[categories];
        Array.Fill(itemStamp, -1);
        Array.Fill(categoryStamp, -1);
        for (var u = 0; u < ends.Length; u++)
        {
            int distinctItems = 0, distinctCategories = 0, withCategory = 0, top = EventTable.NoKey, topCount = 0;
            for (var j = ends[u] - sizes[u]; j < ends[u]; j++)
            {
                var item = bucketItem[j];
                if (item != EventTable.NoKey && itemStamp[item] != u)
                {
                    itemStamp[item] = u;
                    distinctItems++;
                    DistinctUsersPerItem[item]++;
                }

                var category = bucketCategory[j];
                if (category == EventTable.NoKey)
                {
                    continue;
                }

                if (categoryStamp[category] != u)
                {
                    categoryStamp[category] = u;
                    categoryCount[category] = 0;
                    distinctCategories++;
                }

                withCategory++;
                var count = ++categoryCount[category];

                // Counts only grow, so the running maximum ends as the final one; ties go to the smaller key.
                if (count > topCount || (count == topCount && category < top))
                {
                    top = category;
                    topCount = count;
                }
            }

            DistinctItems[u] = distinctItems;
            DistinctCategories[u] = distinctCategories;
            if (top != EventTable.NoKey)
            {
                TopCategory[u] = top;
                TopCategoryShare[u] = topCount / (double)withCategory;
            }
        }
    }
}
