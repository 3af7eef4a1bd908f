using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecsysBatch.Core;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Options;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Checkpoints;
using RecsysBatch.Pipelines.Definitions;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// Runs a pipeline in-process: stages in order over the run's working store, then one publish.
/// `recsys run` and the scheduled job both call this, so they do exactly the same thing.
/// A failure anywhere records a failed job_runs row and publishes nothing else.
/// </summary>
public sealed partial class PipelineRunner(
    PipelineFileLoader loader,
    IEnumerable<IPipelineStage> stages,
    WarehouseLocator warehouses,
    IOptions<RecsysOptions> options,
    ILogger<PipelineRunner> logger,
    TimeProvider time,
    IFaultHooks faults)
{
    private readonly Dictionary<string, IPipelineStage> _stages = stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
    private readonly ArtifactRegistry _artifacts = new(stages);

    public static string AppVersion { get; } =
        typeof(PipelineRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Runs the request; returns a failed result (never throws) when the run fails after it started.</summary>
    public async Task<RunResult> RunAsync(RunRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var startedAt = time.GetUtcNow().UtcDateTime;
        var runId = $"{startedAt:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..8]}";

        // Configuration problems (a snapshot in the future, bad pipeline file, unknown warehouse) stop here: there is no run to record.
        AsOfLimit.Check(request.AsOf, time);
        var pipeline = LoadPipeline(request);

        var location = request.Warehouse ?? options.Value.Warehouse;
        var warehouse = warehouses.Open(location);
        var plan = pipeline.Stages.Select(d => (Definition: d, Stage: _stages[d.Name])).ToList();
        var replaced = plan.Where(p => p.Definition.Enabled).SelectMany(p => p.Stage.OutputTables).DistinctBy(t => t.Name).ToList();
        await warehouse.EnsureSchemaAsync(replaced, cancellationToken);
        await PendingFailures.ReplayAsync(warehouse, ArtifactsRoot, logger, cancellationToken);

        var artifacts = Path.GetFullPath(Path.Combine(options.Value.ArtifactsPath, runId));
        // The run's clock for the stages: the same instant the run id and started_at carry.
        var context = new StageContext(runId, pipeline, request.AsOf, options.Value.Seed, artifacts, new RunData()) { Progress = progress, ClockUtc = startedAt };
        var reports = new List<StageReport>();
        var recorded = false;
        using var runScope = logger.BeginScope("{Pipeline} run {RunId}", pipeline.Name, runId);
        RunnerLog.RunStarted(logger, runId, pipeline.Name, warehouse.Description);
        var announced = false;
        void AnnounceSnapshot()
        {
            if (!announced && context.HasSnapshotDate)
            {
                announced = true;
                request.OnSnapshotKnown?.Invoke(new RunKey(pipeline.Name, context.SnapshotDate, runId));
            }
        }

        try
        {
            AnnounceSnapshot();
            foreach (var (definition, stage) in plan)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!definition.Enabled)
                {
                    reports.Add(new StageReport(stage.Name, StageReport.Disabled, TimeSpan.Zero, "disabled in the pipeline file"));
                    continue;
                }

                await RunStageAsync(context, definition, stage, reports, cancellationToken);
                AnnounceSnapshot();
                if (!recorded && context.HasSnapshotDate)
                {
                    await warehouse.RecordRunStartedAsync(NewRun(context, startedAt, RunStatus.Running, null), cancellationToken);
                    recorded = true;
                }
            }

            QualityGate.Apply(context.Data, _stages);
            var run = NewRun(context, startedAt, RunStatus.Succeeded, null) with { FinishedAt = time.GetUtcNow().UtcDateTime };
            var tables = context.Data.Outputs.ToList();
            tables.Add(CoreOutputs.Metrics(context.Data.Metrics));
            tables.Add(CoreOutputs.Rejected(context.Data.Rejected));
            await warehouse.PublishAsync(new SnapshotPublication(run, replaced, tables) { KeepSnapshotDays = options.Value.KeepSnapshotDays }, cancellationToken);
            RunnerLog.Published(logger, runId, context.SnapshotDate, tables.Count);
            await RunReportFile.TryWriteAsync(warehouse, runId, artifacts, logger, cancellationToken);
            return Result(context, run, warehouse, reports, clock, tables);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            var message = FailureMessage(ex, runId, RejectedLinesFile.Write(artifacts, context.Data.Rejected));
            var failed = NewRun(context, startedAt, RunStatus.Failed, message, request.AsOf) with { FinishedAt = time.GetUtcNow().UtcDateTime };
            var kept = await PendingFailures.RecordAsync(warehouse, failed, ArtifactsRoot, logger);
            if (kept is not null)
            {
                context.Data.Notes.Add($"the warehouse could not record this failure; kept in {kept}, the next run on it records it");
            }
            else
            {
                // The failed run's report: its job_runs row, the rejected count, the error and the notes.
                await RunReportFile.TryWriteAsync(warehouse, runId, artifacts, logger, CancellationToken.None);
            }

            return Result(context, failed, warehouse, reports, clock, []);
        }
    }

    private string ArtifactsRoot => Path.GetFullPath(options.Value.ArtifactsPath);

    /// <summary>
    /// The failure's one line (where the quarantined lines were kept, when they were), logged: an expected failure
    /// (<see cref="RecsysException"/>: bad data, configuration) in one line with its stack only at Debug; anything
    /// else, a bug, with its stack.
    /// </summary>
    private string FailureMessage(Exception ex, string runId, string? rejectedFile)
    {
        var message = FailureText.OneLine(ex is RecsysException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}")
            + (rejectedFile is null ? "" : $" (quarantined lines kept in {rejectedFile})");
        if (ex is RecsysException)
        {
            RunnerLog.RunFailedExpected(logger, runId, message);
            RunnerLog.RunFailedStack(logger, ex, runId);
        }
        else
        {
            RunnerLog.RunFailed(logger, ex, runId, message);
        }

        return message;
    }

    /// <summary>The request's pipeline file, with the request's sources when it names any; at least one source.</summary>
    private PipelineDefinition LoadPipeline(RunRequest request)
    {
        var pipeline = loader.Load(request.PipelinePath, request.Overrides);
        if (request.Sources.Count > 0)
        {
            pipeline = pipeline with { Sources = request.Sources };
        }

        return pipeline.Sources.Count > 0
            ? pipeline
            : throw new RecsysException($"{pipeline.FilePath}: the pipeline names no sources and none were given with --source.");
    }

    private async Task RunStageAsync(StageContext context, StageDefinition definition, IPipelineStage stage, List<StageReport> reports, CancellationToken cancellationToken, bool prepareOnly = false)
    {
        using var stageScope = logger.BeginScope("stage {Stage}", stage.Name);
        context.Stage = definition;
        var watch = Stopwatch.StartNew();
        var reason = stage.CannotApplyReason(context);
        if (reason is not null)
        {
            RunnerLog.StageSkipped(logger, stage.Name, reason);
            context.Data.Notes.Add($"{stage.Name} skipped: {reason}");
            reports.Add(new StageReport(stage.Name, StageReport.Skipped, watch.Elapsed, reason));
            return;
        }

        try
        {
            context.ReportProgress(0);
            await faults.BeforeStageAsync(context, stage.Name, cancellationToken);
            if (prepareOnly)
            {
                await ((IShardedStage)stage).PrepareAsync(context, cancellationToken);
            }
            else
            {
                await stage.RunAsync(context, cancellationToken);
            }
            context.ReportProgress(1);
        }
        catch
        {
            reports.Add(new StageReport(stage.Name, StageReport.Failed, watch.Elapsed));
            throw;
        }

        RunnerLog.StageFinished(logger, stage.Name, watch.Elapsed.TotalSeconds);
        reports.Add(new StageReport(stage.Name, StageReport.Ran, watch.Elapsed));
    }

    private JobRun NewRun(StageContext context, DateTime startedAt, string status, string? error, DateOnly? fallbackSnapshot = null) => new()
    {
        RunId = context.RunId,
        Pipeline = context.Pipeline.Name,
        // A run that fails before ingest has resolved the snapshot is recorded under the requested or today's date.
        SnapshotDate = context.HasSnapshotDate ? context.SnapshotDate : fallbackSnapshot ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime),
        Status = status,
        StartedAt = startedAt,
        Error = error,
        InputRows = context.Data.Ingest?.InputRows ?? 0,
        RejectedRows = context.Data.Ingest?.RejectedRows ?? context.Data.Rejected.Count,
        DuplicatesDropped = context.Data.Ingest?.DuplicatesDropped ?? 0,
        // Known only once ingest has finished (it sets the event table last).
        Events = context.Data.Events is null ? null : context.Data.Ingest?.Events,
        AfterSnapshot = context.Data.Events is null ? null : context.Data.Ingest?.AfterSnapshot,
        AppVersion = AppVersion,
        Notes = context.Data.Notes.Count == 0 ? null : string.Join('\n', context.Data.Notes),
        Config = RunConfiguration.Build(context, AppVersion),
    };

    private static RunResult Result(StageContext context, JobRun run, IWarehouse warehouse, List<StageReport> reports, Stopwatch clock, IReadOnlyList<OutputTable> tables) => new()
    {
        RunId = run.RunId,
        Pipeline = run.Pipeline,
        SnapshotDate = context.HasSnapshotDate ? context.SnapshotDate : null,
        Status = run.Status,
        Error = run.Error,
        Warehouse = warehouse.Description,
        InputRows = run.InputRows,
        RejectedRows = run.RejectedRows,
        DuplicatesDropped = run.DuplicatesDropped,
        Events = context.Data.Ingest?.Events ?? 0,
        AfterSnapshot = context.Data.Ingest?.AfterSnapshot ?? 0,
        Stages = reports,
        TablesWritten = tables.ToDictionary(t => t.Name, t => (long)t.RowCount),
        Notes = [.. context.Data.Notes],
        Duration = clock.Elapsed,
    };
}
