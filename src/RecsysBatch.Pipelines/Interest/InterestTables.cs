using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// The tables of the interest stage. Shares are of event-type-weighted engagement (weights in the stage options);
/// the long-term window is decayed exponentially, the recent window is not.
/// </summary>
public static class InterestTables
{
    public static readonly TableSchema Evolution = new("user_interest_evolution",
    [
        .. SnapshotColumns(),
        new("user_id", ColumnType.String, Description: "Original user id; users with at least one categorized event in the long-term window."),
        new("category_id", ColumnType.String, Description: "Original category id."),
        new("share_long_term", ColumnType.Double, Description: "Share of the user's weighted engagement in the long-term window (default 30 days, exponential decay) that falls in this category (0-1)."),
        new("share_recent", ColumnType.Double, Description: "Share of the user's weighted engagement in the recent window (default 3 days) in this category (0-1); 0 when the user had no recent events."),
        new("predicted_share_next", ColumnType.Double, Description: "Predicted share of the user's next-window [snapshot_date, snapshot_date + W) engagement among the categories listed for the user (0-1): each category's predicted engagement probability divided by the sum over the user's rows, so a user's rows sum to 1."),
        new("rank", ColumnType.Int32, Description: "Rank of the category by predicted_share_next for the user (1 = most likely next)."),
        new("population_prediction", ColumnType.Boolean, Description: "True when the prediction is the global category popularity, not the model: the user has too little history (minHistoryEvents), or no model could be trained."),
        new("model", ColumnType.String, Nullable: true, Description: "What made predicted_share_next: fasttree (the next-window model) or population (the popularity fallback; population_prediction true); null on rows published before this column existed."),
    ]);

    public static readonly TableSchema Drift = new("user_interest_drift",
    [
        .. SnapshotColumns(),
        new("user_id", ColumnType.String, Description: "Original user id; users with at least one categorized event in the long-term window."),
        new("drift_js", ColumnType.Double, Nullable: true, Description: "Jensen-Shannon divergence (base 2, 0-1) between the user's recent and long-term category distributions; null without recent events."),
        new("emerging_category", ColumnType.String, Nullable: true, Description: "Category whose share rose most from long-term to recent; null without recent events or when no share rose."),
        new("fading_category", ColumnType.String, Nullable: true, Description: "Category whose share fell most from long-term to recent; null without recent events or when no share fell."),
        new("events_recent", ColumnType.Int32, Description: "Categorized events of the user in the recent window."),
        new("events_long_term", ColumnType.Int32, Description: "Categorized events of the user in the long-term window."),
    ]);

    public static IReadOnlyList<TableSchema> All { get; } = [Evolution, Drift];

    private static ColumnSchema[] SnapshotColumns() =>
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): interests use events with ts < snapshot_date."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that computed the row."),
    ];
}
