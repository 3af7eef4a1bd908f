using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>Options of the factorize stage (pipeline file: stages[].options, schema definition factorizeOptions).</summary>
internal sealed class FactorizeOptions
{
    [Range(1, 512)]
    public int Rank { get; set; } = 32;

    [Range(1, 200)]
    public int Iterations { get; set; } = 15;

    /// <summary>L2 regularisation of the factors; null ("auto", the default): chosen by <see cref="AlsSearch"/>.</summary>
    [Range(0.0, 1e6)]
    [JsonConverter(typeof(AutoNumberConverter))]
    public double? Lambda { get; set; }

    /// <summary>
    /// Confidence of an observed cell: 1 + alpha × (summed event weights), or × log(1 + sum/ε) with <see cref="LogEpsilon"/>;
    /// null ("auto", the default): chosen by <see cref="AlsSearch"/>.
    /// </summary>
    [Range(0.0, 1e6)]
    [JsonConverter(typeof(AutoNumberConverter))]
    public double? Alpha { get; set; }

    /// <summary>
    /// ε of the log-scaled confidence 1 + alpha·log(1 + w/ε); 0 keeps the linear 1 + alpha·w. The defaults (rank 32,
    /// ε 0.3, and the fallback lambda 3, alpha 2) were chosen on three earlier 2-day validation windows of the Taobao 814-user slice.
    /// </summary>
    [Range(0.0, 1e6)]
    public double LogEpsilon { get; set; } = 0.3;

    /// <summary>Half-life in days of an event's weight by its age at the end of the training window; 0: no decay.</summary>
    [Range(0.0, 1e6)]
    public double HalfLifeDays { get; set; }

    /// <summary>Length of the MF hold-out [S−H, S) in days; null: the pipeline horizon capped at a quarter of the history (<see cref="FactorizeEvaluation.HoldoutDays"/>).</summary>
    [Range(1, 3650)]
    public int? HoldoutDays { get; set; }

    /// <summary>
    /// β of the category-aware candidate score: min-max normalised MF score over the user's pool + β × the user's
    /// decayed share of the item's category (<see cref="CategoryBoostRanker"/>); 0: plain MF order. The defaults
    /// (β 1, half-life 0.5 days, pool 500) were chosen on the 2-day validation windows before 2017-12-02, 12-01 and
    /// 11-30 of the Taobao 814-user slice, where they raised MF's Recall@20 by about a third.
    /// </summary>
    [Range(0.0, 1000)]
    public double CategoryBoost { get; set; } = 1;

    /// <summary>Half-life in days of the user category shares and item popularity of <see cref="CategoryProfile"/>.</summary>
    [Range(0.01, 1e6)]
    public double CategoryHalfLifeDays { get; set; } = 0.5;

    /// <summary>MF candidates per user that the category boost re-ranks (at least TopK / EvaluationK are used).</summary>
    [Range(1, 100_000)]
    public int CategoryPool { get; set; } = 500;

    [Range(1, 1000)]
    public int TopK { get; set; } = 100;

    [Range(1, 1000)]
    public int SimilarUsers { get; set; } = 20;

    /// <summary>
    /// Most MF users similar users are searched among: above it, the this many with the most cells, so the search is
    /// linear in the users instead of users × users (3·10¹² flops at 219,500 users), checked
    /// against the exact search on a sample (model_metrics similar_users exact_pairs / exact_hits). 0 (default): always
    /// exact; a pool finds about its share of the exact neighbours (54.6 % with 50,000 of 81,779 users at 4M events).
    /// </summary>
    [Range(0, 100_000_000)]
    public int SimilarUsersPool { get; set; }

    /// <summary>Cut-off of the hold-out metrics (Recall@K, NDCG@K, HitRate@K).</summary>
    [Range(1, 1000)]
    public int EvaluationK { get; set; } = 20;

    /// <summary>
    /// Most judged users the hold-out and the λ/α search score (<see cref="EvaluationSample"/>): above it a seeded
    /// uniform sample of this many, standard error of a recall at most 0.5/√n; 0: every judged user.
    /// </summary>
    [Range(0, 10_000_000)]
    public int EvaluationUsers { get; set; } = 10_000;

    /// <summary>Users with fewer distinct items than this get popularity candidates (source 'popular').</summary>
    [Range(1, 1000)]
    public int MinUserItems { get; set; } = 2;

    [Range(1, 64)]
    public int Threads { get; set; } = 2;

    [Range(0.0, 1000)]
    public double ViewWeight { get; set; } = 1;

    [Range(0.0, 1000)]
    public double ClickWeight { get; set; } = 1;

    [Range(0.0, 1000)]
    public double FavWeight { get; set; } = 2;

    [Range(0.0, 1000)]
    public double CartWeight { get; set; } = 3;

    [Range(0.0, 1000)]
    public double PurchaseWeight { get; set; } = 4;

    [Range(0.0, 1000)]
    public double RatingWeight { get; set; } = 1;

    /// <summary>The model's cells of the events in [fromMs, toMs): event weights, decay and confidence scaling of these options.</summary>
    public Interactions Cells(EventTable events, long fromMs, long toMs) =>
        Interactions.Build(events, fromMs, toMs, Weights(), HalfLifeDays, LogEpsilon);

    public float[] Weights() =>
        [(float)ViewWeight, (float)ClickWeight, (float)FavWeight, (float)CartWeight, (float)PurchaseWeight, (float)RatingWeight];

    public MatrixFactorizationOptions ToTrainerOptions(int seed) => new()
    {
        LossFunction = MfLossFunction.SquareLossOneClass,
        ApproximationRank = Rank,
        NumberOfIterations = Iterations,
        // Auto values are resolved by the stage before training; a reader of the options alone (the rank stage's
        // refits) gets the fallback the stage would use when no inner window can be scored.
        Lambda = Lambda ?? AlsSearch.FallbackLambda,
        Alpha = Alpha ?? AlsSearch.FallbackAlpha,
        NumberOfThreads = Threads,
        Seed = seed,
    };
}
