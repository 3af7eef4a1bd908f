using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// Per-item sums of one pass over the event columns, indexed by dense item key; events without an item are skipped.
/// Like <see cref="UserAggregates"/>, the arrays become the output columns in place.
/// </summary>
internal sealed class ItemAggregates
{
    private ItemAggregates(int items)
    {
        Items = items;
        Counts = new int[FeatureWindows.CountColumns][];
        for (var i = 0; i < Counts.Length; i++)
        {
            Counts[i] = new int[items];
        }

        Activity = ActivitySpan.CreateArray(items);
        AmountSum = new double[items];
        AmountCount = new int[items];
        RatingSum = new double[items];
        RatingCount = new int[items];
        Category = new int[items];
        Array.Fill(Category, EventTable.NoKey);
    }

    public int Items { get; }

    /// <summary>[FeatureWindows.CountIndex(type, window)][item].</summary>
    public int[][] Counts { get; }

    /// <summary>Events, first and last time of each item.</summary>
    public ActivitySpan[] Activity { get; }

    /// <summary>Sum and number of purchase amounts (purchases without an amount are left out).</summary>
    public double[] AmountSum { get; }

    public int[] AmountCount { get; }

    public double[] RatingSum { get; }

    public int[] RatingCount { get; }

    /// <summary>Most frequent category key of the item's events (ties: smallest key); NoKey when unknown.</summary>
    public int[] Category { get; }

    public static ItemAggregates Compute(EventTable events, long cutoffMs)
    {
        var a = new ItemAggregates(events.Items.Count);
        var items = events.ItemKey;
        var categories = events.CategoryKey;
        var types = events.Type;
        var times = events.TimestampMs;
        var values = events.Value;
        var counts = a.Counts;
        var activity = a.Activity;
        var category = a.Category;

        // Nearly every item has one category, so keep the first one seen and only count exactly for items
        // that show a second one (ResolveMixedCategories).
        var mixed = new bool[a.Items];
        var anyMixed = false;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var ts = times[i];
            if (item == EventTable.NoKey || ts >= cutoffMs)
            {
                continue;
            }

            var type = types[i];
            activity[item].Add(ts);
            var age = cutoffMs - ts;
            if (age <= FeatureWindows.ThirtyDaysMs)
            {
                var column = (int)type * FeatureWindows.Count;
                counts[column + 2][item]++;
                if (age <= FeatureWindows.SevenDaysMs)
                {
                    counts[column + 1][item]++;
                    if (age <= FeatureWindows.OneDayMs)
                    {
                        counts[column][item]++;
                    }
                }
            }

            var value = values[i];
            if (type == EventType.Purchase && !double.IsNaN(value))
            {
                a.AmountSum[item] += value;
                a.AmountCount[item]++;
            }
            else if (type == EventType.Rating && !double.IsNaN(value))
            {
                a.RatingSum[item] += value;
                a.RatingCount[item]++;
            }

            var c = categories[i];
            if (c != EventTable.NoKey && c != category[item])
            {
                if (category[item] == EventTable.NoKey)
                {
                    category[item] = c;
                }
                else
                {
                    mixed[item] = true;
                    anyMixed = true;
                }
            }
        }

        if (anyMixed)
        {
            ResolveMixedCategories(events, cutoffMs, mixed, category);
        }

        return a;
    }

    private static void ResolveMixedCategories(EventTable events, long cutoffMs, bool[] mixed, int[] category)
    {
        var pairCounts = new Dictionary<long, int>();
        var items = events.ItemKey;
        var categories = events.CategoryKey;
        var times = events.TimestampMs;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item != EventTable.NoKey && mixed[item] && categories[i] != EventTable.NoKey && times[i] < cutoffMs)
            {
                var key = ((long)item << 32) | (uint)categories[i];
                pairCounts[key] = pairCounts.GetValueOrDefault(key) + 1;
            }
        }

        var best = new Dictionary<int, (int Category, int Count)>();
        foreach (var (key, count) in pairCounts)
        {
            var item = (int)(key >> 32);
            var c = (int)(key & 0xFFFF_FFFF);
            if (!best.TryGetValue(item, out var current) || count > current.Count || (count == current.Count && c < current.Category))
            {
                best[item] = (c, count);
            }
        }

        foreach (var (item, choice) in best)
        {
            category[item] = choice.Category;
        }
    }
}
