namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>A top-level segment (categories with index mod 2 = n are "topn") and the multiplier of every τ in it.</summary>
public sealed record SegmentFactor(string Segment, double Factor);
