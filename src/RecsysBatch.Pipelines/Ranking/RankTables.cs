using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Features;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>The table of the rank stage: the factorize candidates ordered by the champion scorer (ranker, MF or popularity; <see cref="RankChampion"/>).</summary>
public static class RankTables
{
    public static readonly TableSchema Recommendations = new("recommendations",
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): inputs use events with ts < snapshot_date; the model predicts [snapshot_date, snapshot_date + H)."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that computed the row."),
        new("user_id", ColumnType.String, Description: "Original user id; users with factorize candidates."),
        new("rank", ColumnType.Int32, Description: "Position in the user's list by score, 1 = best (ties: factorize order)."),
        new("item_id", ColumnType.String, Description: "Candidate item from the factorize stage (no event of the user before snapshot_date)."),
        new("mf_score", ColumnType.Double, Nullable: true, Description: "The candidate's plain MF score (candidates.mf_score, x_u·y_i); null for users without MF candidates (popularity fallback, candidates.source = popular): they have no MF score."),
        new("score", ColumnType.Double, Description: "The scorer's score that orders the list (not a probability): the ranker's output (trained on sampled negatives), the MF score, or the item's summed event weight before snapshot_date.", FormerName: "rank_score"),
        new("scorer", ColumnType.String, Nullable: true, Description: "Which scorer's score the row carries: ranker, mf or popularity, the best held-out AUC of the run (model_metrics champion/undecided = 1 when the held-out rows cannot tell it from the runner-up; mf when there are no held-out rows); when that is mf, rows of popularity-fallback users say popularity (their factorize score is the item's popularity); null in rows written before the column existed."),
        new("p_item", ColumnType.Double, Nullable: true, Description: "Estimated P(the user does labelEvent on this item in [snapshot_date, snapshot_date + H)) = the user's behavior_predictions probability (p_purchase for labelEvent purchase, p_active otherwise) × the scorer's held-out calibrated share; never above that user probability; null without behavior_predictions for the user."),
        new("model_version", ColumnType.String, Description: "Model that scored the row: reference (trained this run) or imported, with the first 12 hex digits of the ONNX file's SHA-256."),
        new("because_items", ColumnType.String, Nullable: true, Description: "Up to 3 original ids of items the user had events with before snapshot_date that contribute most to mf_score, largest first, comma-separated (candidates.because_items: the exact ALS split, docs/tables.md); it explains the MF score whichever scorer ordered the list; null where mf_score is null or no seen item contributes positively."),
        new("because_shares", ColumnType.String, Nullable: true, Description: "Each because_items item's share of mf_score (contribution / mf_score, 3 decimals, comma-separated, same order); null when because_items is null or mf_score <= 0."),
        new("title", ColumnType.String, Nullable: true, Description: ItemTitles.Description),
    ]);

    public static IReadOnlyList<TableSchema> All { get; } = [Recommendations];
}
