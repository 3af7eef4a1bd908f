using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// Stage "featurize": user_features and item_features as of the snapshot (events with ts &lt; cutoff only), and one
/// fitted ML.NET transform per feature frame saved under ArtifactsDirectory/featurize/ (<see cref="FeatureKeys"/>).
/// It leaves nothing in the working store but its tables: no later stage reads the frames or the transforms.
/// </summary>
internal sealed partial class FeaturizeStage : IPipelineStage
{
    public const string StageName = "featurize";

    private readonly ILogger<FeaturizeStage> _logger;

    public FeaturizeStage(ILogger<FeaturizeStage> logger)
    {
        _logger = logger;
    }

    public string Name => StageName;

    public IReadOnlyList<TableSchema> OutputTables => FeatureTables.All;

    public string? CannotApplyReason(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Without ingest (Events null) the stage must fail loudly in RunAsync, not be skipped.
        return context.Data.Events is { Count: 0 } ? "no events before the snapshot date" : null;
    }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        var events = context.Data.RequireEvents();
        var cutoffMs = context.CutoffMs;
        context.ReportProgress(0, "aggregating events");

        // Independent passes over the same read-only columns, split into two halves of similar cost: one core each.
        UserAggregates? users = null;
        UserWindowDistinct? distinct = null;
        ItemAggregates? items = null;
        Parallel.Invoke(
            () => users = UserAggregates.Compute(events, cutoffMs),
            () =>
            {
                items = ItemAggregates.Compute(events, cutoffMs);
                distinct = UserWindowDistinct.Compute(events, cutoffMs);
            });
        cancellationToken.ThrowIfCancellationRequested();
        context.ReportProgress(0.5, "building feature tables");

        var userSet = UserFeatureTable.Build(events, cutoffMs, users!, distinct!);
        var itemSet = ItemFeatureTable.Build(events, cutoffMs, items!, distinct!.DistinctUsersPerItem);
        var userTable = userSet.ToTable();
        var itemTable = itemSet.ToTable();
        context.Data.AddOutput(userTable);
        context.Data.AddOutput(itemTable);
        cancellationToken.ThrowIfCancellationRequested();
        context.ReportProgress(0.7, "fitting feature transforms");

        var folder = Path.Combine(context.ArtifactsDirectory, StageName);
        List<ModelMetric>? user = null, item = null;
        Parallel.Invoke(
            () => user = FitAndSave(context.Seed, userSet, "user_transform", Path.Combine(folder, FeatureKeys.UserTransformFile)),
            () => item = FitAndSave(context.Seed, itemSet, "item_transform", Path.Combine(folder, FeatureKeys.ItemTransformFile)));

        // The working store is not thread-safe, and metrics keep a fixed order: both are written here.
        context.Data.Metrics.AddRange(user!);
        context.Data.Metrics.AddRange(item!);

        context.ReportProgress(1, null);
        LogFeaturized(userTable.RowCount, itemTable.RowCount, events.Count, clock.Elapsed.TotalSeconds);
        return Task.CompletedTask;
    }

    private List<ModelMetric> FitAndSave(int seed, FeatureColumnSet set, string model, string path)
    {
        var metrics = new List<ModelMetric> { new(StageName, model, "rows", set.Rows) };
        if (set.Rows == 0)
        {
            // Nothing to fit (e.g. item_features of a source without items); later stages find no transform.
            LogNoTransform(model);
            return metrics;
        }

        var sample = set.ToSampleFrame(FeatureTransforms.MaxFitRows);
        var ml = new MLContext(seed);
        var transformer = FeatureTransforms.CreateEstimator(ml, set.IntFeatures, set.DoubleFeatures).Fit(sample);
        FeatureTransforms.Save(ml, transformer, ((IDataView)sample).Schema, path);
        metrics.Add(new(StageName, model, "fit_rows", sample.Rows.Count));
        metrics.Add(new(StageName, model, "features", set.IntFeatures.Count + set.DoubleFeatures.Count));
        return metrics;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Featurized {Users} users and {Items} items from {Events} events in {Seconds:F2} s")]
    private partial void LogFeaturized(int users, int items, int events, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "No rows for {Model}: no transform fitted")]
    private partial void LogNoTransform(string model);
}
