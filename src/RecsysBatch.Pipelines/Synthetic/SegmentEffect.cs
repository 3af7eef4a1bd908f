namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>The direct and total effects inside one segment and the number of distinct viewed (user, item) pairs it holds.</summary>
public sealed record SegmentEffect(string Segment, double Tau, double TotalTau, long ViewedPairs);
