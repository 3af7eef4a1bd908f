using RecsysBatch.Core.Tables;

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
        new("source", ColumnType.String, Description: "mf (matrix factorization) or popular (users with too little history: most popular unseen items)."),
    ]);

    public static readonly TableSchema SimilarUsers = new("similar_users",
    [
        .. SnapshotColumns(),
        new("user_id", ColumnType.String, Description: "Original user id of the source data."),
        new("rank", ColumnType.Int32, Description: "Position of the neighbour, 1 = most similar."),
        new("similar_user_id", ColumnType.String, Description: "Another user with similar behaviour."),
        new("similarity", ColumnType.Double, Description: "Cosine of the two users' factor vectors (-1 to 1)."),
    ]);

    public static IReadOnlyList<TableSchema> All { get; } = [UserFactors, ItemFactors, Candidates, SimilarUsers];

    private static ColumnSchema[] SnapshotColumns() =>
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): the model used events with ts < snapshot_date."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that computed the row."),
    ];
}
