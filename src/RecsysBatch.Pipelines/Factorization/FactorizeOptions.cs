using System.ComponentModel.DataAnnotations;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>Options of the factorize stage (pipeline file: stages[].options, schema definition factorizeOptions).</summary>
internal sealed class FactorizeOptions
{
    [Range(1, 512)]
    public int Rank { get; set; } = 32;

    [Range(1, 200)]
    public int Iterations { get; set; } = 15;

    [Range(0.0, 1e6)]
    public double Lambda { get; set; } = 10;

    /// <summary>Confidence of an observed cell: 1 + alpha × (summed event weights).</summary>
    [Range(0.0, 1e6)]
    public double Alpha { get; set; } = 10;

    [Range(1, 1000)]
    public int TopK { get; set; } = 100;

    [Range(1, 1000)]
    public int SimilarUsers { get; set; } = 20;

    /// <summary>Cut-off of the hold-out metrics (Recall@K, NDCG@K, HitRate@K).</summary>
    [Range(1, 1000)]
    public int EvaluationK { get; set; } = 20;

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

    public float[] Weights() =>
        [(float)ViewWeight, (float)ClickWeight, (float)FavWeight, (float)CartWeight, (float)PurchaseWeight, (float)RatingWeight];

    public MatrixFactorizationOptions ToTrainerOptions(int seed) => new()
    {
        LossFunction = MfLossFunction.SquareLossOneClass,
        ApproximationRank = Rank,
        NumberOfIterations = Iterations,
        Lambda = Lambda,
        Alpha = Alpha,
        NumberOfThreads = Threads,
        Seed = seed,
    };
}
