namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>A category and its share of a user's interest.</summary>
public sealed record CategoryWeight(string CategoryId, double Weight);
