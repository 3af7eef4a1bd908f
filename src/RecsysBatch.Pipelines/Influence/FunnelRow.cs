namespace RecsysBatch.Pipelines.Influence;

/// <summary>One row of behavior_funnel.</summary>
internal sealed record FunnelRow(string Segment, string From, string To, double Rate, double MedianHours, long N);
