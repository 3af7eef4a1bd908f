using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Features;

/// <summary>Turns the per-item sums into the columns of item_features (and the item frame), in schema order.</summary>
internal static class ItemFeatureTable
{
    public static FeatureColumnSet Build(EventTable events, long cutoffMs, ItemAggregates a, int[] distinctUsers30)
    {
        var rows = RowSelection.FromActivity(a.Activity);
        var set = new FeatureColumnSet(FeatureTables.ItemFeatures, rows.Count);
        set.AddKey(FeatureKeys.ItemKeyColumn, rows.Keys);
        set.AddKey("category_key", rows.Take(a.Category));

        var ids = events.Items.Ids;
        var categories = events.Categories.Ids;
        var category = a.Category;
        set.AddString("item_id", rows.Select(key => ids[key]));
        set.AddString("category_id", rows.Select(key => category[key] == EventTable.NoKey ? null : categories[category[key]]));
        for (var c = 0; c < FeatureWindows.CountColumns; c++)
        {
            set.AddInt(FeatureWindows.CountColumnName(c), rows.Take(a.Counts[c]));
        }

        var activity = a.Activity;
        set.AddInt("events_total", rows.Select(key => activity[key].Events));
        set.AddInt("distinct_users_30d", rows.Take(distinctUsers30));
        UserFeatureTable.AddRates(set, rows, a.Counts);
        set.AddDouble("avg_purchase_value", rows.Take(FeatureMath.MeanInPlace(a.AmountSum, a.AmountCount)));
        set.AddDouble("avg_rating", rows.Take(FeatureMath.MeanInPlace(a.RatingSum, a.RatingCount)));
        set.AddInt("rating_count", rows.Take(a.RatingCount));
        set.AddTimestamp("first_event_at", rows.Select(key => FeatureMath.ToUtc(activity[key].FirstMs)));
        set.AddTimestamp("last_event_at", rows.Select(key => FeatureMath.ToUtc(activity[key].LastMs)));
        set.AddDouble("days_since_last_event", rows.Select(key => FeatureMath.DaysBetween(activity[key].LastMs, cutoffMs)));
        set.AddString("title", rows.Select(events.ItemTitle));
        return set;
    }
}
