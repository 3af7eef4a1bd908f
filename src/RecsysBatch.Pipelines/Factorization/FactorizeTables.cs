using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Features;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>The tables of the factorize stage (implicit weighted-ALS model trained on events before snapshot_date).</summary>
internal static class FactorizeTables
{
    public static readonly TableSchema UserFactors = new("user_factors",
    [
        .. SnapshotColumns(),
        new("user_id", ColumnType.String, Description: "Original user id of the source data."),
        new("factors", ColumnType.FloatArray, Description: "Latent factor vector of the user (length = rank) from weighted ALS on events before snapshot_date."),
    ]);

    public static readonly TableSchema ItemFactors = new("item_factors",
    [
        .. SnapshotColumns(),
        new("item_id", ColumnType.String, Description: "Original item id of the source data."),
        new("factors", ColumnType.FloatArray, Description: "Latent factor vector of the item (length = rank); score(user, item) = dot product of the two vectors."),
    ]);

    public static readonly TableSchema Candidates = new("candidates",
    [
        .. SnapshotColumns(),
        new("user_id", ColumnType.String, Description: "Original user id of the source data."),
        new("rank", ColumnType.Int32, Description: "Position of the item in the user's list, 1 = best."),
        new("item_id", ColumnType.String, Description: "Recommended item the user had no event with before snapshot_date."),
        new("score", ColumnType.Double, Description: "Predicted preference (mf: dot product of factors; popular: weighted event count of the item)."),
        new("source", ColumnType.String, Description: "mf (matrix factorization), mf_category (MF re-ranked by the user's recent categories) or popular (users with too little history: most popular unseen items)."),
        new("mf_score", ColumnType.Double, Nullable: true, Description: "The plain MF score x_u·y_i (dot product of the published factors); null for popular rows (no MF score) and in rows written before the column existed."),
        new("because_items", ColumnType.String, Nullable: true, Description: "Up to 3 original item ids the user had events with before snapshot_date that contribute most to mf_score, largest first, comma-separated: the exact ALS split of Hu, Koren & Volinsky (2008), see docs/tables.md; null for popular rows and when no seen item contributes positively."),
        new("because_shares", ColumnType.String, Nullable: true, Description: "Each because_items item's contribution / mf_score (3 decimals, same order, comma-separated; all seen items' contributions sum to mf_score, so the shares sum to at most 1 when the rest add up positively); null when because_items is null or mf_score <= 0."),
        new("title", ColumnType.String, Nullable: true, Description: ItemTitles.Description),
    ]);

    public static readonly TableSchema SimilarUsers = new("similar_users",
    [
        .. SnapshotColumns(),
        new("user_id", ColumnType.String, Description: "Original user id of the source data."),
        new("rank", ColumnType.Int32, Description: "Position of the neighbour, 1 = most similar."),
        new("similar_user_id", ColumnType.String, Description: "Another user with similar behaviour."),
        new("similarity", ColumnType.Double, Description: "Cosine of the two users' factor vectors (-1 to 1)."),
        new("common_items", ColumnType.Int32, Nullable: true, Description: "Distinct items both users had an event with (of a type with a positive factorize weight) before snapshot_date; 0 is common: similar factors do not need shared items. Null in rows written before the column existed."),
    ]);

    public static IReadOnlyList<TableSchema> All { get; } = [UserFactors, ItemFactors, Candidates, SimilarUsers];

    private static ColumnSchema[] SnapshotColumns() =>
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): the model used events with ts < snapshot_date."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that computed the row."),
    ];
}
