using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>The tables of the influence stage: the effect of a behaviour on purchase, and the behaviour funnel.</summary>
public static class InfluenceTables
{
    /// <summary>
    /// treated_units and control_units were n_treated and n_control before the support columns came (renamed on
    /// migration); the outcome counts are nullable only because rows of that version have none to migrate.
    /// </summary>
    public static readonly TableSchema Coefficients = new("influence_coefficients",
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): exposure window [snapshot_date - 2H, snapshot_date - H), outcome window [snapshot_date - H, snapshot_date)."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that computed the row."),
        new("behavior", ColumnType.String, Description: "Treatment: the user performed this behaviour (click, fav or cart) on the item in the exposure window."),
        new("outcome", ColumnType.String, Description: "Outcome: purchase = the user bought that item in the outcome window."),
        new("segment", ColumnType.String, Description: "overall, category:<category_id> (the topCategories categories with the most units), or value_tier:<A|B|C|none> when the value stage ran in the same run."),
        new("estimate", ColumnType.Double, Nullable: true, Description: "AIPW (doubly robust, cross-fitted) average treatment effect on the purchase probability (risk difference, -1 to 1); null when it cannot be estimated (see note)."),
        new("ci_low", ColumnType.Double, Nullable: true, Description: "Lower end of the 95% confidence interval of estimate (influence-function standard error, clustered by user)."),
        new("ci_high", ColumnType.Double, Nullable: true, Description: "Upper end of the 95% confidence interval of estimate."),
        new("naive_estimate", ColumnType.Double, Nullable: true, Description: "Purchase rate of treated units minus that of control units (no adjustment); null when an arm is empty."),
        new("regression_estimate", ColumnType.Double, Nullable: true, Description: "Regression adjustment: mean over units of the cross-fitted outcome models' predicted purchase probability with minus without the behaviour."),
        new("treated_units", ColumnType.Int64, Description: "Units (user, item pairs) with the behaviour in the segment.", FormerName: "n_treated"),
        new("control_units", ColumnType.Int64, Description: "Units without the behaviour in the segment.", FormerName: "n_control"),
        new("trimmed_share", ColumnType.Double, Nullable: true, Description: "Share of the segment's units whose propensity fell outside [clipLow, clipHigh] and was clipped (weak overlap); null when the segment has no units."),
        new("method", ColumnType.String, Description: "aipw-crossfit-lbfgs (default, option nuisance logistic): AIPW with K-fold cross-fitted ML.NET L-BFGS logistic propensity and per-arm outcome models; aipw-crossfit-selected (option nuisance auto): each fold's model the logistic or FastTree, whichever has the lower log loss on held-out users of the fold's training part; aipw-crossfit-fasttree: every model FastTree (option nuisance fasttree); suffix -adjusted: fav also adjusted for the pair's cart and cart for its fav (option adjustForOtherBehaviors)."),
        new("note", ColumnType.String, Nullable: true, Description: "Why estimate is null (no treated units, no control units, no overlap after trimming, few outcomes); null when estimated."),
        new("treated_outcomes", ColumnType.Int64, Nullable: true, Description: "Treated units whose user bought the item in the outcome window; null only on rows published by a version that did not count them."),
        new("control_outcomes", ColumnType.Int64, Nullable: true, Description: "Control units whose user bought the item in the outcome window; null only on rows published by a version that did not count them."),
        new("flags", ColumnType.String, Nullable: true, Description: "Comma-separated reasons not to trust the row: few_outcomes, poor_overlap, clipped_share_high, nuisance_worse_than_constant; null when none."),
        new("e_value", ColumnType.Double, Nullable: true, Description: "E-value of estimate (VanderWeele & Ding 2017) for the risk ratio (p0 + estimate) / p0, p0 = control_outcomes / control_units; null when estimate is null."),
        new("e_value_ci", ColumnType.Double, Nullable: true, Description: "E-value of the interval bound nearer to 0; 1 when the interval contains 0; null when estimate is null."),
    ]);

    public static readonly TableSchema Funnel = new("behavior_funnel",
    [
        new(TableSchema.SnapshotDateColumn, ColumnType.Date, Description: "As-of date (UTC): the funnel counts (user, item) pairs viewed in [snapshot_date - H, snapshot_date)."),
        new(TableSchema.RunIdColumn, ColumnType.String, Description: "Run that computed the row."),
        new("segment", ColumnType.String, Description: "Same segments as influence_coefficients."),
        new("from_event", ColumnType.String, Description: "Step the pairs reached: view, click, fav or cart."),
        new("to_event", ColumnType.String, Description: "Next step: click, fav, cart or purchase."),
        new("transition_rate", ColumnType.Double, Description: "Share of the n pairs with from_event whose user did to_event on the same item at or after the first from_event, inside the window."),
        new("median_hours", ColumnType.Double, Nullable: true, Description: "Median hours from the first from_event to the first to_event after it, over the pairs that made the step; null when none did."),
        new("n", ColumnType.Int64, Description: "(user, item) pairs with from_event in the window (and a view there)."),
        new("chain", ColumnType.String, Nullable: true, Description: "The ordered chain of the step, events joined by '>': view, then click when the window has clicks and from_event is not view, then from_event (fav or cart), then to_event; e.g. view>click>cart>purchase. Null in rows written before the column existed."),
        new("chain_from_pairs", ColumnType.Int64, Nullable: true, Description: "Pairs (of the n viewed pairs) that did the chain up to from_event in time order on the same (user, item) in the window, each event at or after the previous one (same timestamp counts as in order)."),
        new("chain_to_pairs", ColumnType.Int64, Nullable: true, Description: "Of chain_from_pairs, the pairs that then did to_event at or after it: the sequential count; chain_to_pairs / chain_from_pairs is the ordered step rate."),
    ]);

    public static IReadOnlyList<TableSchema> All { get; } = [Coefficients, Funnel];
}
