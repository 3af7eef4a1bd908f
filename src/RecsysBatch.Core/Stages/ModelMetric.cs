namespace RecsysBatch.Core.Stages;

/// <summary>A row of model_metrics before publish (run id and snapshot date are added by the runner).</summary>
public sealed record ModelMetric(string Stage, string Model, string Metric, double Value);
