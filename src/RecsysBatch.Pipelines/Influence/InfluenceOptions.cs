using System.ComponentModel.DataAnnotations;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>Options of the influence stage (pipeline file: stages[].options, schema definitions/influenceOptions).</summary>
public sealed class InfluenceOptions
{
    /// <summary>Window length H in days; 0 means the pipeline's horizonDays. Exposure [S - 2H, S - H), outcome [S - H, S).</summary>
    [Range(0, 365)]
    public int HorizonDays { get; set; }

    /// <summary>Treatments to estimate; those absent from the exposure window are left out with a note.</summary>
    [MinLength(1)]
    public IReadOnlyList<string> Behaviors { get; set; } = ["click", "fav", "cart"];

    /// <summary>Cross-fitting folds (units are split by user, so one user's pairs never train their own nuisance models).</summary>
    [Range(2, 20)]
    public int Folds { get; set; } = 5;

    /// <summary>Lower propensity bound: smaller propensities are clipped to it (and counted in trimmed_share).</summary>
    [Range(0.0001, 0.5)]
    public double ClipLow { get; set; } = 0.01;

    /// <summary>Upper propensity bound: larger propensities are clipped to it (and counted in trimmed_share).</summary>
    [Range(0.5, 0.9999)]
    public double ClipHigh { get; set; } = 0.99;

    /// <summary>Categories with the most units that get their own segment rows.</summary>
    [Range(0, 100)]
    public int TopCategories { get; set; } = 5;

    /// <summary>Fewest treated and fewest control units (inside the propensity bounds) for an estimate; fewer give a null row with a note.</summary>
    [Range(1, 1_000_000)]
    public int MinArmUnits { get; set; } = 10;

    /// <summary>
    /// Fewest purchases in the treated and in the control arm of a segment for an estimate; fewer give a null
    /// estimate and interval with the flag few_outcomes (a handful of purchases cannot support an interval).
    /// </summary>
    [Range(1, 1_000_000)]
    public int MinOutcomesPerArm { get; set; } = 10;

    /// <summary>
    /// Also adjust fav for the pair's cart in the exposure window and cart for its fav. Both need a click, so they
    /// share the pair's unobserved affinity and each one's estimate otherwise carries part of the other's effect;
    /// adjusting removes that, but is biased when one behaviour is a step towards the other (a mediator). Off by default.
    /// </summary>
    public bool AdjustForOtherBehaviors { get; set; }

    /// <summary>
    /// Learner of the propensity and outcome models: logistic (default, method aipw-crossfit-lbfgs), auto (per
    /// cross-fit fold and model, the one of logistic and fasttree with the lower log loss on held-out users of the
    /// fold's training part), or fasttree for every model. Logistic is the default because on the generator the
    /// choice did not reduce the bias while taking about 2.8 times as long; auto pays off for threshold confounders.
    /// </summary>
    [RegularExpression("^(auto|logistic|fasttree)$")]
    public string Nuisance { get; set; } = "logistic";

    /// <summary>
    /// Size rule of the nuisance training sets: each model is trained on at most enough of its training users (a seeded
    /// draw by user) that the rarer class keeps this many rows per model parameter (features + intercept); 0 trains on
    /// every row. Ten times the usual 10-20 events per variable, so the nuisances' sampling error stays small next
    /// to their specification error. Rows used: model_metrics nuisance_train_rows / nuisance_train_rows_available.
    /// </summary>
    [Range(0, 1_000_000)]
    public int NuisanceRowsPerParameter { get; set; } = 200;
}
