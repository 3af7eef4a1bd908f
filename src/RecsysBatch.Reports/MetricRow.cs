namespace RecsysBatch.Reports;

/// <summary>One model_metrics row of the run with its name taken apart (<see cref="MetricName"/>).</summary>
public sealed record MetricRow(string Stage, string Model, MetricName Name, double? Value);
