using System.Globalization;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Pipelines.Ingest;
using RecsysBatch.Warehouse.DuckDb;

namespace RecsysBatch.Jobs.Tests.Reports;

/// <summary>A real DuckDB warehouse with small published runs for the report tests: core tables and event_counts only.</summary>
internal static class ReportWarehouse
{
    public static readonly DateOnly Snapshot = new(2026, 5, 10);

    public static async Task<IWarehouse> CreateAsync(TempFolder temp, CancellationToken cancellationToken)
    {
        var warehouse = new DuckDbWarehouseFactory().Open("duckdb:" + temp.File("w.duckdb"));
        await warehouse.EnsureSchemaAsync([IngestTables.EventCounts], cancellationToken);
        return warehouse;
    }

    public static JobRun Run(string runId, string status, int minute, string? notes = null, string? error = null) => new()
    {
        RunId = runId,
        Pipeline = "nightly",
        SnapshotDate = Snapshot,
        Status = status,
        StartedAt = new DateTime(2026, 5, 10, 2, minute, 0, DateTimeKind.Utc),
        FinishedAt = new DateTime(2026, 5, 10, 2, minute + 1, 0, DateTimeKind.Utc),
        Error = error,
        InputRows = 1006,
        RejectedRows = 6,
        Events = 1000,
        AfterSnapshot = 0,
        AppVersion = "test",
        Notes = notes,
    };

    /// <summary>Publishes a succeeded run: events on 3 days, 6 rejected lines (one reason with markup), a model and its baseline with calibration deciles.</summary>
    public static async Task PublishAsync(IWarehouse warehouse, JobRun run, CancellationToken cancellationToken)
    {
        var metrics = new List<(string Stage, string Model, string Metric, double Value)>();
        foreach (var (model, auc) in new[] { ("p_purchase", 0.8), ("p_purchase_rf_baseline", 0.7) })
        {
            metrics.Add(("rank", model, "holdout_rows", 500));
            metrics.Add(("rank", model, "holdout_auc", auc));
            metrics.Add(("rank", model, "holdout_brier", 0.2));
            for (var d = 1; d <= 10; d++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"holdout_calibration_decile_{d:00}");
                metrics.Add(("rank", model, name + "_mean_predicted", 1 - (d / 10.0)));
                metrics.Add(("rank", model, name + "_observed_rate", 1 - (d / 11.0)));
                metrics.Add(("rank", model, name + "_rows", 50));
            }
        }

        var days = new[] { Snapshot.AddDays(-3), Snapshot.AddDays(-2), Snapshot.AddDays(-1) };
        var tables = new List<OutputTable>
        {
            new(CoreTables.ModelMetrics,
            [
                new OutputColumn<string>([.. metrics.Select(m => m.Stage)]),
                new OutputColumn<string>([.. metrics.Select(m => m.Model)]),
                new OutputColumn<string>([.. metrics.Select(m => m.Metric)]),
                new OutputColumn<double>([.. metrics.Select(m => m.Value)]),
            ]),
            new(CoreTables.RejectedEvents,
            [
                new OutputColumn<string>([.. Enumerable.Repeat("canonical:e.csv", 6)]),
                new OutputColumn<long>([2, 3, 4, 5, 6, 7]),
                new OutputColumn<string>([.. Enumerable.Repeat("x", 6)]),
                new OutputColumn<string>(["unparsable timestamp", "unparsable timestamp", "unparsable timestamp", "unknown event type '<script>'", "empty user id", "empty user id"]),
            ]),
            new(IngestTables.EventCounts,
            [
                new OutputColumn<DateOnly>([days[0], days[0], days[1], days[2]]),
                new OutputColumn<string>(["view", "purchase", "view", "view"]),
                new OutputColumn<long>([400, 100, 300, 200]),
            ]),
        };
        await warehouse.PublishAsync(new SnapshotPublication(run, [IngestTables.EventCounts], tables), cancellationToken);
    }
}
