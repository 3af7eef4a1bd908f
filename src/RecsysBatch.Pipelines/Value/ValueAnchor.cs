namespace RecsysBatch.Pipelines.Value;

/// <summary>One anchor day: the probabilistic fit as of it and the learned model's features of its customers.</summary>
internal sealed record ValueAnchor(int Day, ProbabilisticScores Fit, float[][] Features);
