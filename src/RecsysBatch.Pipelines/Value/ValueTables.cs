using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Value;

/// <summary>The table of the value stage: one row per customer (a user with a purchase before the snapshot).</summary>
public static class ValueTables
{
    /// <summary>Column of <see cref="UserValueScores"/>: the original user id.</summary>
    public const string UserIdColumn = "user_id";

    /// <summary>Column of <see cref="UserValueScores"/>: the customer's tier, A, B or C.</summary>
    public const string ValueTierColumn = "value_tier";

    public static readonly TableSchema UserValueScores = new("user_value_scores",
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): scores use events with ts < snapshot_date and predict [snapshot_date, snapshot_date + H)."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that computed the row."),
        new(UserIdColumn, ColumnType.String, Description: "Original user id; users with at least one purchase (not a refund) before snapshot_date."),
        new("target", ColumnType.String, Description: "What predicted_value and clv count: revenue (sum of purchase amounts) when at least half the purchases carry an amount, else purchase_days (days with a purchase; several purchases on one day count once)."),
        new("predicted_value", ColumnType.Double, Description: "Predicted target in the horizon [snapshot_date, snapshot_date + H) from the model named in model."),
        new("expected_purchases", ColumnType.Double, Description: "BG/NBD expected purchase days in the horizon."),
        new("p_alive", ColumnType.Double, Nullable: true, Description: "BG/NBD probability that the customer is still active (0-1); null when the BG/NBD fit is degenerate (flags bgnbd_at_bound or bgnbd_not_converged): such a fit cannot tell who left."),
        new("expected_spend", ColumnType.Double, Nullable: true, Description: "Expected spend per purchase day (Gamma-Gamma, or the observed mean when it could not be fitted); null when target is purchase_days."),
        new("clv", ColumnType.Double, Nullable: true, Description: "BG/NBD x Gamma-Gamma customer lifetime value over the next clvMonths months (default 12), each month discounted at (1 + annualDiscountRate)^(1/12); in purchase days when target is purchase_days; null when the BG/NBD fit is degenerate (as p_alive)."),
        new(ValueTierColumn, ColumnType.String, Description: "A (top tierAShare of customers by predicted_value, default 10%), B (next tierBShare, default 30%), C (the rest)."),
        new("model", ColumnType.String, Description: "Model behind predicted_value: bgnbd (BG/NBD x Gamma-Gamma), learned (FastTree Tweedie), or blend (their mean); the best on the hold-out horizon [snapshot_date - H, snapshot_date) by normalized Gini (option selectBy) unless the option model fixes it; never bgnbd or blend when the BG/NBD fit is degenerate; baseline (the value of [snapshot_date - H, snapshot_date) carried forward) when no other model may be used."),
        new("flags", ColumnType.String, Nullable: true, Description: "Comma-separated codes saying which figures of the row not to read at face value: bgnbd_at_bound, bgnbd_not_converged, short_history, no_repeat_purchase, spend_observed_mean (docs/tables.md); null when none."),
    ]);

    public static IReadOnlyList<TableSchema> All { get; } = [UserValueScores];
}
