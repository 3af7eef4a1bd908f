namespace RecsysBatch.Pipelines.Factorization;

/// <summary>One point of the ALS search: MF Recall@K on new items of the inner validation window.</summary>
internal sealed record AlsGridPoint(double Lambda, double Alpha, double Recall);
