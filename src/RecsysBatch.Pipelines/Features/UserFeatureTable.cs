using System.Numerics;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Features;

/// <summary>Turns the per-user sums into the columns of user_features (and the user frame), in schema order.</summary>
internal static class UserFeatureTable
{
    private const int Window30 = 2;

    public static FeatureColumnSet Build(EventTable events, long cutoffMs, UserAggregates a, UserWindowDistinct d)
    {
        var rows = RowSelection.FromActivity(a.Activity);
        var set = new FeatureColumnSet(FeatureTables.UserFeatures, rows.Count);
        set.AddKey(FeatureKeys.UserKeyColumn, rows.Keys);
        set.AddKey("top_category_key", rows.Take(d.TopCategory));

        var ids = events.Users.Ids;
        set.AddString("user_id", rows.Select(key => ids[key]));
        var activity = a.Activity;
        var lastPurchase = a.LastPurchaseMs;
        set.AddTimestamp("first_event_at", rows.Select(key => FeatureMath.ToUtc(activity[key].FirstMs)));
        set.AddTimestamp("last_event_at", rows.Select(key => FeatureMath.ToUtc(activity[key].LastMs)));
        set.AddDouble("tenure_days", rows.Select(key => FeatureMath.DaysBetween(activity[key].FirstMs, cutoffMs)));
        set.AddDouble("days_since_last_event", rows.Select(key => FeatureMath.DaysBetween(activity[key].LastMs, cutoffMs)));
        set.AddDouble("days_since_last_purchase", rows.Select(key =>
            lastPurchase[key] == long.MinValue ? double.NaN : FeatureMath.DaysBetween(lastPurchase[key], cutoffMs)));

        set.AddInt("active_days_30d", rows.Select(key => BitOperations.PopCount((uint)activity[key].DayBits)));
        for (var c = 0; c < FeatureWindows.CountColumns; c++)
        {
            set.AddInt(FeatureWindows.CountColumnName(c), rows.Take(a.Counts[c]));
        }

        set.AddInt("events_total", rows.Select(key => activity[key].Events));
        var monetary30 = a.Monetary30;
        var monetaryTotal = a.MonetaryTotal;
        for (var u = 0; u < monetary30.Length; u++)
        {
            if (!a.HasAmount[u])
            {
                monetary30[u] = double.NaN;
                monetaryTotal[u] = double.NaN;
            }
        }

        set.AddDouble("monetary_30d", rows.Take(monetary30));
        set.AddDouble("monetary_total", rows.Take(monetaryTotal));
        set.AddDouble("avg_rating", rows.Take(FeatureMath.MeanInPlace(a.RatingSum, a.RatingCount)));
        AddRates(set, rows, a.Counts);
        set.AddInt("distinct_items_30d", rows.Take(d.DistinctItems));
        set.AddInt("distinct_categories_30d", rows.Take(d.DistinctCategories));
        var categories = events.Categories.Ids;
        var top = d.TopCategory;
        set.AddString("top_category_id", rows.Select(key => top[key] == EventTable.NoKey ? null : categories[top[key]]));
        set.AddDouble("top_category_share_30d", rows.Take(d.TopCategoryShare));
        return set;
    }

    /// <summary>The three 30-day conversion rates, shared with item_features.</summary>
    public static void AddRates(FeatureColumnSet set, RowSelection rows, int[][] counts)
    {
        var views = rows.Take(FeatureMath.CountColumn(counts, EventType.View, Window30));
        var carts = rows.Take(FeatureMath.CountColumn(counts, EventType.Cart, Window30));
        var purchases = rows.Take(FeatureMath.CountColumn(counts, EventType.Purchase, Window30));
        set.AddDouble("view_to_cart_30d", FeatureMath.Rates(carts, views));
        set.AddDouble("cart_to_purchase_30d", FeatureMath.Rates(purchases, carts));
        set.AddDouble("view_to_purchase_30d", FeatureMath.Rates(purchases, views));
    }
}
