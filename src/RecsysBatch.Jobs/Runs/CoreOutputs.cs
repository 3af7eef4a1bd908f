using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Jobs.Runs;

/// <summary>Turns the run's metrics and rejected lines into the rows of model_metrics and rejected_events.</summary>
internal static class CoreOutputs
{
    private const int MaxRawLength = 1000;

    public static OutputTable Metrics(IReadOnlyList<ModelMetric> metrics) => new(CoreTables.ModelMetrics,
    [
        new OutputColumn<string>([.. metrics.Select(m => m.Stage)]),
        new OutputColumn<string>([.. metrics.Select(m => m.Model)]),
        new OutputColumn<string>([.. metrics.Select(m => m.Metric)]),
        new OutputColumn<double>([.. metrics.Select(m => m.Value)]),
    ]);

    public static OutputTable Rejected(IReadOnlyList<RejectedEvent> rejected) => new(CoreTables.RejectedEvents,
    [
        new OutputColumn<string>([.. rejected.Select(r => r.Source)]),
        new OutputColumn<long>([.. rejected.Select(r => r.LineNumber)]),
        new OutputColumn<string>([.. rejected.Select(r => r.Raw.Length > MaxRawLength ? r.Raw[..MaxRawLength] : r.Raw)]),
        new OutputColumn<string>([.. rejected.Select(r => r.Reason)]),
    ]);
}
