namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>Every knob of the story: the options (sizes, seed, activity, spend, τ) and the fixed model constants.</summary>
public sealed record GroundTruthParameters(
    SyntheticOptions Options,
    string Affinity,
    FunnelTruth Funnel,
    SessionTruth Session);
