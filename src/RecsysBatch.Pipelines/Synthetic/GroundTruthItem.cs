namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>One item's planted parameters. Popularity is relative to the most popular item (rank 1 = 1.0).</summary>
public sealed record GroundTruthItem(
    string ItemId,
    string CategoryId,
    string Segment,
    IReadOnlyList<double> Latent,
    double Popularity,
    int PopularityRank);
