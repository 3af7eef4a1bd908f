using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// The tables of the featurize stage. Windows _1d/_7d/_30d are [snapshot_date - w days, snapshot_date);
/// "all history" means every event before snapshot_date.
/// </summary>
public static class FeatureTables
{
    public static readonly TableSchema UserFeatures = new("user_features",
    [
        .. SnapshotColumns(),
        new("user_id", ColumnType.String, Description: "Original user id of the source data."),
        new("first_event_at", ColumnType.Timestamp, Description: "UTC time of the user's first event."),
        new("last_event_at", ColumnType.Timestamp, Description: "UTC time of the user's last event before the snapshot."),
        new("tenure_days", ColumnType.Double, Description: "Days (fractional) from the first event to snapshot_date."),
        new("days_since_last_event", ColumnType.Double, Description: "Days (fractional) from the last event to snapshot_date."),
        new("days_since_last_purchase", ColumnType.Double, Nullable: true, Description: "Days (fractional) from the last purchase to snapshot_date; null when the user never purchased."),
        new("active_days_30d", ColumnType.Int32, Description: "UTC calendar days with at least one event in the 30-day window (0-30)."),
        .. CountColumns("the user"),
        new("events_total", ColumnType.Int32, Description: "Events of the user in all history."),
        new("monetary_30d", ColumnType.Double, Nullable: true, Description: "Sum of purchase amounts in the 30-day window (0 when none there); null when no purchase of the user has an amount."),
        new("monetary_total", ColumnType.Double, Nullable: true, Description: "Sum of purchase amounts in all history; null when no purchase of the user has an amount."),
        new("avg_rating", ColumnType.Double, Nullable: true, Description: "Mean rating value given in all history; null without ratings."),
        .. RateColumns("the user's"),
        new("distinct_items_30d", ColumnType.Int32, Description: "Distinct items the user touched in the 30-day window."),
        new("distinct_categories_30d", ColumnType.Int32, Description: "Distinct categories of the user's events in the 30-day window."),
        new("top_category_id", ColumnType.String, Nullable: true, Description: "Original id of the category with most of the user's events in the 30-day window (ties: the category whose id appeared first in the input); null when no event there has a category."),
        new("top_category_share_30d", ColumnType.Double, Nullable: true, Description: "Share of the user's 30-day events with a category that fall in top_category_id (0-1); null when top_category_id is null."),
    ]);

    public static readonly TableSchema ItemFeatures = new("item_features",
    [
        .. SnapshotColumns(),
        new("item_id", ColumnType.String, Description: "Original item id of the source data."),
        new("category_id", ColumnType.String, Nullable: true, Description: "Original id of the most frequent category of the item's events in all history (ties: the category whose id appeared first in the input); null when unknown."),
        .. CountColumns("the item"),
        new("events_total", ColumnType.Int32, Description: "Events on the item in all history."),
        new("distinct_users_30d", ColumnType.Int32, Description: "Distinct users with an event on the item in the 30-day window."),
        .. RateColumns("the item's"),
        new("avg_purchase_value", ColumnType.Double, Nullable: true, Description: "Mean value of the item's purchase events that carry one (all history): the amount of one purchase event as the source gives it, not a unit price (the canonical schema has no quantity; a source with one event per order line, e.g. UCI Online Retail with value = quantity x unit price, gives line amounts); null when no purchase has a value. Published as price before.", FormerName: "price"),
        new("avg_rating", ColumnType.Double, Nullable: true, Description: "Mean rating value of the item in all history; null without ratings."),
        new("rating_count", ColumnType.Int32, Description: "Ratings with a value of the item in all history."),
        new("first_event_at", ColumnType.Timestamp, Description: "UTC time of the item's first event."),
        new("last_event_at", ColumnType.Timestamp, Description: "UTC time of the item's last event before the snapshot."),
        new("days_since_last_event", ColumnType.Double, Description: "Days (fractional) from the item's last event to snapshot_date."),
        new("title", ColumnType.String, Nullable: true, Description: ItemTitles.Description),
    ]);

    public static IReadOnlyList<TableSchema> All { get; } = [UserFeatures, ItemFeatures];

    private static ColumnSchema[] SnapshotColumns() =>
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): features use events with ts < snapshot_date."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that computed the row."),
    ];

    private static ColumnSchema[] CountColumns(string whose)
    {
        var columns = new ColumnSchema[FeatureWindows.CountColumns];
        for (var i = 0; i < columns.Length; i++)
        {
            var name = FeatureWindows.CountColumnName(i);
            var type = name[..name.IndexOf('_', StringComparison.Ordinal)];
            var days = FeatureWindows.Days[i % FeatureWindows.Count];
            columns[i] = new(name, ColumnType.Int32, Description: $"{type} events of {whose} in the {days}-day window.");
        }

        return columns;
    }

    private static ColumnSchema[] RateColumns(string whose) =>
    [
        new("view_to_cart_30d", ColumnType.Double, Nullable: true, Description: $"cart_count_30d / view_count_30d of {whose} events; null without views. Not clamped: above 1 when carts have no logged view."),
        new("cart_to_purchase_30d", ColumnType.Double, Nullable: true, Description: $"purchase_count_30d / cart_count_30d of {whose} events; null without carts. Not clamped: above 1 when purchases have no logged cart."),
        new("view_to_purchase_30d", ColumnType.Double, Nullable: true, Description: $"purchase_count_30d / view_count_30d of {whose} events; null without views. Not clamped: above 1 when purchases have no logged view."),
    ];
}
