using System.ComponentModel.DataAnnotations;

namespace RecsysBatch.Pipelines.Value;

/// <summary>Options of the value stage (pipeline file: stages[].options, schema definitions/valueOptions).</summary>
public sealed class ValueOptions
{
    /// <summary>Length of the predicted horizon [S, S + H) in days; 0 means the pipeline's horizonDays.</summary>
    [Range(0, 365)]
    public int HorizonDays { get; set; }

    /// <summary>Time unit of frequency/recency/T and of the BG/NBD rate parameter alpha, in days (7 = weeks, as lifetimes' 'W').</summary>
    [Range(1, 365)]
    public int TimeUnitDays { get; set; } = 7;

    /// <summary>Months summed in clv.</summary>
    [Range(1, 120)]
    public int ClvMonths { get; set; } = 12;

    /// <summary>Annual discount rate of clv; each month is discounted by (1 + rate)^(1/12).</summary>
    [Range(0, 10)]
    public double AnnualDiscountRate { get; set; } = 0.1;

    /// <summary>Share of scored users in tier A (highest predicted_value).</summary>
    [Range(0, 1)]
    public double TierAShare { get; set; } = 0.1;

    /// <summary>Share of scored users in tier B (after A); the rest are C.</summary>
    [Range(0, 1)]
    public double TierBShare { get; set; } = 0.3;

    /// <summary>Fewest customers (users with a purchase) before the training anchor S - 2H; fewer skip the stage with a note.</summary>
    [Range(5, 1_000_000)]
    public int MinCustomers { get; set; } = 30;

    /// <summary>Starting points of the maximum-likelihood fits (the best optimum is kept).</summary>
    [Range(1, 50)]
    public int Starts { get; set; } = 6;

    /// <summary>Anchors stacked for the learned model, H days apart (anchor t: features before t, labels [t, t + H)); anchors with fewer than minCustomers customers are left out.</summary>
    [Range(1, 52)]
    public int TrainingAnchors { get; set; } = 4;

    /// <summary>Boosted trees of the learned (FastTree Tweedie) model.</summary>
    [Range(10, 2000)]
    public int Trees { get; set; } = 100;

    /// <summary>
    /// Hold-out metric that picks the model when <see cref="Model"/> is auto: gini (normalized Gini, default: the ranking
    /// weighted by value, which is what the tiers and CRM targeting use) or spearman (plain rank correlation).
    /// </summary>
    [RegularExpression("^(gini|spearman)$")]
    public string SelectBy { get; set; } = "gini";

    /// <summary>Which prediction goes to predicted_value: auto (best hold-out selectBy metric of bgnbd, learned, blend) or one of them.</summary>
    [RegularExpression("^(auto|bgnbd|learned|blend)$")]
    public string Model { get; set; } = "auto";
}
