using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>The second table of the rank stage: per user, calibrated probabilities of purchasing and of being active in the horizon.</summary>
public static class BehaviorTables
{
    public static readonly TableSchema BehaviorPredictions = new("behavior_predictions",
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): features use events with ts < snapshot_date; the probabilities are for [snapshot_date, snapshot_date + horizon_days)."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that computed the row."),
        new("user_id", ColumnType.String, Description: "Original user id; every user with at least one event before snapshot_date."),
        new("p_purchase", ColumnType.Double, Nullable: true, Description: "Calibrated probability (0-1) that the user purchases in the horizon (FastTree binary classifier, Platt-calibrated on a held-out slice of users); null when the training anchors had too few purchases to learn from."),
        new("p_active", ColumnType.Double, Nullable: true, Description: "Calibrated probability (0-1) that the user has any event in the horizon (same model family); null when the training anchors had too few active or inactive users."),
        new("horizon_days", ColumnType.Int32, Description: "H: length in days of the predicted window (the rank stage's horizonDays, else the pipeline's)."),
    ]);
}
