namespace RecsysBatch.Pipelines.Influence;

/// <summary>One row of influence_coefficients before it is written.</summary>
internal sealed record InfluenceRow(string Behavior, string Segment, AipwResult Result, string Method = InfluenceOutputs.Method);
