namespace RecsysBatch.Pipelines.Influence;

/// <summary>One row of behavior_funnel; <paramref name="Chain"/> is the step's ordered chain (e.g. view>click>cart>purchase).</summary>
internal sealed record FunnelRow(string Segment, string From, string To, double Rate, double MedianHours, long N, string Chain, long ChainFromPairs, long ChainToPairs);
