using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>The table of the rank stage: the factorize candidates re-ranked by the ONNX ranking model.</summary>
public static class RankTables
{
    public static readonly TableSchema Recommendations = new("recommendations",
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): inputs use events with ts < snapshot_date; the model predicts [snapshot_date, snapshot_date + H)."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that computed the row."),
        new("user_id", ColumnType.String, Description: "Original user id; users with factorize candidates."),
        new("rank", ColumnType.Int32, Description: "Position in the user's list by rank_score, 1 = best (ties: factorize order)."),
        new("item_id", ColumnType.String, Description: "Candidate item from the factorize stage (no event of the user before snapshot_date)."),
        new("mf_score", ColumnType.Double, Description: "The candidate's factorize score (candidates.score)."),
        new("rank_score", ColumnType.Double, Description: "Ranking model output: P(the user does labelEvent on the item in the horizon), 0-1."),
        new("model_version", ColumnType.String, Description: "Model that scored the row: reference (trained this run) or imported, with the first 12 hex digits of the ONNX file's SHA-256."),
    ]);

    public static IReadOnlyList<TableSchema> All { get; } = [Recommendations];
}
