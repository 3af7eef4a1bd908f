using RecsysBatch.Core;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Jobs.Runs;

/// <summary>The memory limit of a run (Recsys:MemoryLimitGb): a watchdog over each stage and the publish.</summary>
public sealed partial class PipelineRunner
{
    /// <summary>The limit in bytes: the setting, or 90 % of the memory the process can use; null when off.</summary>
    private long? MemoryLimit => options.Value.MemoryLimitBytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    private MemoryWatchdog? StartWatchdog(string stageName) =>
        MemoryLimit is { } limit ? new MemoryWatchdog(stageName, limit, () => Environment.WorkingSet, MemoryWatchdog.Interval) : null;

    /// <summary>
    /// Runs the stage with its progress reports guarded and its token cancelled by the watchdog (when there is one),
    /// and fails it when the working set passed the limit by the time it returned.
    /// </summary>
    private async Task ExecuteWatchedAsync(
        StageContext context, StageDefinition definition, List<StageReport> reports, MemoryWatchdog? watchdog, CancellationToken cancellationToken, bool prepareOnly = false)
    {
        if (watchdog is null)
        {
            await ExecuteStageAsync(context, definition, _stages[definition.Name], reports, cancellationToken, prepareOnly);
            return;
        }

        context.Progress = new MemoryGuardProgress(context.Progress, watchdog);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
        await ExecuteStageAsync(context, definition, _stages[definition.Name], reports, linked.Token, prepareOnly);
        watchdog.Check();
        watchdog.ThrowIfExceeded();
    }

    /// <summary>
    /// One step of a split stage (its preparation or one shard) under the watchdog: past the limit it fails with the
    /// watchdog's line, as an unsplit stage does.
    /// </summary>
    private async Task<T> WatchedAsync<T>(string step, StageContext context, Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        using var watchdog = StartWatchdog(step);
        if (watchdog is null)
        {
            return await run(cancellationToken);
        }

        var progress = context.Progress;
        context.Progress = new MemoryGuardProgress(progress, watchdog);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
        try
        {
            var result = await run(linked.Token);
            watchdog.Check();
            watchdog.ThrowIfExceeded();
            return result;
        }
        catch (Exception ex) when (StoppedByWatchdog(ex, watchdog, cancellationToken))
        {
            throw new RecsysException(watchdog.Failure!, ex);
        }
        finally
        {
            context.Progress = progress;
        }
    }

    /// <summary>True when <paramref name="ex"/> is the stage stopping on the watchdog's cancellation (not the caller's).</summary>
    private static bool StoppedByWatchdog(Exception ex, MemoryWatchdog? watchdog, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && watchdog?.Failure is not null && !cancellationToken.IsCancellationRequested;

    /// <summary>
    /// The publish under the watchdog too (the stages' tables and DuckDB's buffers peak there): past the limit its
    /// transaction is cancelled, so it rolls back and the run fails with the watchdog's line.
    /// </summary>
    private async Task PublishWatchedAsync(IWarehouse warehouse, SnapshotPublication publication, CancellationToken cancellationToken)
    {
        using var watchdog = StartWatchdog("publish");
        if (watchdog is null)
        {
            await warehouse.PublishAsync(publication, cancellationToken);
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
        try
        {
            await warehouse.PublishAsync(publication, linked.Token);
        }
        catch (OperationCanceledException ex) when (StoppedByWatchdog(ex, watchdog, cancellationToken))
        {
            throw new RecsysException(watchdog.Failure!, ex);
        }
    }
}
