using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// The steps of a run: <see cref="BeginAsync"/> once, <see cref="RunStageAsync(string, string, CancellationToken)"/>
/// per stage (any process, in order, each restoring the checkpoints of the earlier ones and checkpointing its own),
/// then <see cref="PublishAsync(string, CancellationToken)"/>. Every step is reentrant: a stage with a checkpoint is
/// not run again, a published run is not published again, because Hangfire delivers a job at least once.
/// `recsys run` goes through the same steps over one in-memory <see cref="RunSession"/>.
/// </summary>
public sealed partial class PipelineRunner
{
    /// <summary>
    /// Creates a run (its manifest in a new artefacts folder). When an earlier run of the same request failed and
    /// nothing it depends on changed (pipeline file, overrides, as-of, input files), its checkpoints are copied in, so
    /// the new run resumes at the stage that failed.
    /// </summary>
    public Task<RunManifest> BeginAsync(RunRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (manifest, pipeline) = NewManifest(request);
        var folder = Folder(manifest.RunId);
        var days = options.Value.FailedCheckpointDays;
        if (days > 0)
        {
            foreach (var expired in RunFolder.DeleteExpiredCheckpoints(ArtifactsRoot, time.GetUtcNow().UtcDateTime.AddDays(-days)))
            {
                RunnerLog.CheckpointsExpired(logger, expired, days);
            }
        }

        var resumable = RunFolder.FindResumable(ArtifactsRoot, manifest, logger);
        if (resumable is not null)
        {
            folder.CopyCheckpointsFrom(Folder(resumable.RunId));
            manifest = manifest with { ResumedFrom = resumable.RunId };
        }

        folder.WriteManifest(manifest);
        RunnerLog.RunStarted(logger, manifest.RunId, pipeline.Name, "staged" + (resumable is null ? "" : $", resuming {resumable.RunId}"));
        return Task.FromResult(manifest);
    }

    /// <summary>Runs one stage of a begun run; a no-op when that stage already has a checkpoint.</summary>
    public Task<StageReport> RunStageAsync(string runId, string stageName, CancellationToken cancellationToken) =>
        RunStageAsync(runId, stageName, null, cancellationToken);

    /// <summary>Runs one stage of a begun run, telling <paramref name="progress"/> how far it got; a no-op when that stage already has a checkpoint.</summary>
    public async Task<StageReport> RunStageAsync(string runId, string stageName, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var session = OpenSession(runId, progress);
        using var runScope = logger.BeginScope("{Pipeline} run {RunId}", session.Pipeline.Name, runId);
        return await RunStageAsync(session, stageName, cancellationToken);
    }

    /// <summary>Publishes a run whose stages all have checkpoints; a no-op for a run already published.</summary>
    public Task<RunResult> PublishAsync(string runId, CancellationToken cancellationToken) => PublishAsync(runId, null, cancellationToken);

    /// <summary>
    /// Publishes a run whose stages all have checkpoints, telling <paramref name="progress"/> the rows written (as the
    /// step "publish"); a no-op for a run already published.
    /// </summary>
    public async Task<RunResult> PublishAsync(string runId, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var folder = Folder(runId);
        var manifest = folder.ReadManifest();
        if (folder.IsPublished)
        {
            // Delivered again after it published (its checkpoints are gone by then): nothing to do.
            var warehouse = OpenWarehouse(manifest);
            await PendingFailures.ReplayAsync(warehouse, ArtifactsRoot, logger, cancellationToken);
            return new RunResult
            {
                RunId = runId,
                Pipeline = manifest.PipelineName,
                SnapshotDate = KnownSnapshot(runId),
                Status = RunStatus.Succeeded,
                Warehouse = warehouse.Description,
                Notes = ["already published"],
                Duration = clock.Elapsed,
            };
        }

        var session = OpenSession(runId, progress);
        await PendingFailures.ReplayAsync(session.Warehouse, ArtifactsRoot, logger, cancellationToken);
        return await PublishAsync(session, cancellationToken);
    }

    /// <summary>
    /// Writes ArtifactsPath/RUN_ID/report.html of a published staged run from its warehouse (the chain calls it after
    /// publish has released the run's lease, so the next run never waits on the report); never throws.
    /// </summary>
    public async Task WriteReportAsync(string runId, CancellationToken cancellationToken)
    {
        var folder = Folder(runId);
        IWarehouse warehouse;
        try
        {
            warehouse = OpenWarehouse(folder.ReadManifest());
        }
        catch (RecsysException ex)
        {
            // The run has published: a manifest or warehouse setting that cannot be read now only costs the report.
            RunnerLog.ReportFailed(logger, ex, runId, folder.Path, FailureText.OneLine(ex.Message));
            return;
        }

        await RunReportFile.TryWriteAsync(warehouse, runId, folder.Path, logger, cancellationToken);
    }

    /// <summary>Records a staged run as failed (job_runs row with the error); its checkpoints stay for a resume.</summary>
    public async Task RecordFailedAsync(string runId, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var session = OpenSession(runId);
        StageContext context;
        try
        {
            // The checkpoints carry the counts and notes job_runs shows.
            context = session.Context;
        }
        catch (RecsysException)
        {
            // A damaged checkpoint may be the very failure: the run is still recorded, with what the manifest knows.
            context = new StageContext(runId, session.Pipeline, KnownSnapshot(runId), options.Value.Seed, session.Folder.Path, new RunData()) { ClockUtc = session.Manifest.StartedAt };
        }

        var kept = RejectedLinesFile.Find(session.Folder.Path);
        var message = FailureText.OneLine(error) + (kept is null || error.Contains(kept, StringComparison.Ordinal) ? "" : $" (quarantined lines kept in {kept})");
        cancellationToken.ThrowIfCancellationRequested();
        await RecordFailureAsync(session, context, message);
        session.Folder.MarkFailed(message);
    }

    /// <summary>The snapshot date of a staged run: the one ingest resolved, else the requested one (null before either).</summary>
    public DateOnly? KnownSnapshot(string runId)
    {
        var folder = Folder(runId);
        return folder.ReadSnapshotDate() ?? folder.ReadManifest().AsOf;
    }

    /// <summary>The folder of run <paramref name="runId"/> under Recsys:ArtifactsPath.</summary>
    public RunFolder Folder(string runId) => RunFolder.Of(options.Value.ArtifactsPath, runId);

    /// <summary>A new run's manifest and pipeline; a <see cref="RecsysException"/> for a request that cannot run.</summary>
    private (RunManifest Manifest, Core.Pipelines.PipelineDefinition Pipeline) NewManifest(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        AsOfLimit.Check(request.AsOf, time);
        var startedAt = time.GetUtcNow().UtcDateTime;
        var runId = RunFolder.NewRunId(startedAt);
        var pipeline = LoadPipeline(request.PipelinePath, request.Overrides, request.Sources);
        var manifest = new RunManifest
        {
            RunId = runId,
            PipelinePath = pipeline.FilePath,
            PipelineName = pipeline.Name,
            Fingerprint = RunManifest.Compute(pipeline, request.AsOf),
            AsOf = request.AsOf,
            Sources = request.Sources,
            Warehouse = request.Warehouse,
            HorizonDays = request.Overrides.HorizonDays,
            Settings = [.. request.Overrides.Settings.Select(s => s.Text)],
            StartedAt = startedAt,
            Stages = [.. pipeline.Stages.Where(s => s.Enabled).Select(s => s.Name)],
            Shards = pipeline.Stages.Where(s => s.Enabled && s.Shards > 1).ToDictionary(
                s => s.Name,
                s => _stages[s.Name] is IShardedStage
                    ? s.Shards
                    : throw new RecsysException($"{pipeline.FilePath}: stage '{s.Name}' cannot be split into shards (shards: {s.Shards}); stages that can: {string.Join(", ", _stages.Values.OfType<IShardedStage>().Select(x => x.Name))}.")),
        };
        return (manifest, pipeline);
    }

    /// <summary>A step's session over a begun run's checkpoints: the manifest read, the pipeline loaded with its overrides.</summary>
    private RunSession OpenSession(string runId, IProgress<StageProgress>? progress = null)
    {
        var folder = Folder(runId);
        var manifest = folder.ReadManifest();
        var pipeline = LoadPipeline(manifest.PipelinePath, manifest.Overrides, manifest.Sources);
        return RunSession.OverCheckpoints(folder, _artifacts, manifest, pipeline, OpenWarehouse(manifest), () =>
            {
                var context = NewContext(manifest, pipeline, folder);
                context.Progress = progress;
                return context;
            },
            options.Value.DuckDbMemoryLimitBytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes));
    }

    /// <summary>
    /// One stage of a run, over a session: checks its order against the checkpoints, runs it (<see cref="ExecuteStageAsync"/>),
    /// records the run as started in job_runs once its snapshot date is known, and checkpoints it.
    /// </summary>
    private async Task<StageReport> RunStageAsync(RunSession session, string stageName, CancellationToken cancellationToken)
    {
        if (session.Has(stageName))
        {
            return new StageReport(stageName, StageReport.Ran, TimeSpan.Zero, "checkpoint already present");
        }

        var manifest = session.Manifest;
        var definition = session.Pipeline.Stages.FirstOrDefault(s => s.Name == stageName && s.Enabled)
            ?? throw new RecsysException($"{session.Pipeline.FilePath}: run {manifest.RunId} has no enabled stage '{stageName}'.");
        var missing = manifest.Stages.TakeWhile(s => s != stageName).Where(s => !session.Has(s)).ToList();
        if (missing.Count > 0)
        {
            throw new RecsysException($"Run {manifest.RunId}: stage '{stageName}' cannot start before {string.Join(", ", missing)} has a checkpoint.");
        }

        var context = session.Context;
        var hadSnapshot = context.HasSnapshotDate;
        var progress = context.Progress;
        using var watchdog = StartWatchdog(stageName);
        try
        {
            await ExecuteWatchedAsync(context, definition, session.Reports, watchdog, cancellationToken);
        }
        catch (Exception ex) when (!session.InProcess || StoppedByWatchdog(ex, watchdog, cancellationToken))
        {
            // What a failing stage (ingest) counted is in no checkpoint: keep it for RecordFailedAsync.
            if (!session.InProcess)
            {
                KeepFailureState(session.Folder, context);
            }

            // A stage that stopped on the watchdog's cancellation fails with the watchdog's line.
            if (StoppedByWatchdog(ex, watchdog, cancellationToken))
            {
                throw new RecsysException(watchdog!.Failure!, ex);
            }

            throw;
        }
        finally
        {
            context.Progress = progress;
        }

        if (stageName == manifest.Stages[0] && MemoryPreflight.Warning(context, MemoryLimit) is { } warning)
        {
            RunnerLog.MemoryPreflight(logger, manifest.RunId, warning);
            context.Data.Notes.Add(warning);
        }

        // The job_runs row of a running run: once the snapshot date is known, after the run's first stage.
        if (context.HasSnapshotDate && (!hadSnapshot || stageName == manifest.Stages[0]))
        {
            if (!session.InProcess)
            {
                await session.Warehouse.EnsureSchemaAsync(ReplacedTables(session.Pipeline), cancellationToken);
            }

            await session.Warehouse.RecordRunStartedAsync(NewRun(context, manifest.StartedAt, RunStatus.Running, null), cancellationToken);
        }

        session.Save(stageName);
        if (!session.InProcess && context.HasSnapshotDate)
        {
            session.Folder.WriteSnapshotDate(context.SnapshotDate);
        }

        return session.Reports[^1];
    }

    /// <summary>
    /// Publishes a run whose stages all have checkpoints: the quality gate, the job_runs row, the stages' tables with
    /// model_metrics and rejected_events, in one snapshot; then the staged run's working store goes (only a resume needs it).
    /// </summary>
    private async Task<RunResult> PublishAsync(RunSession session, CancellationToken cancellationToken)
    {
        var manifest = session.Manifest;
        var missing = manifest.Stages.Where(s => !session.Has(s)).ToList();
        if (missing.Count > 0)
        {
            throw new RecsysException($"Run {manifest.RunId} cannot publish: stages without a checkpoint: {string.Join(", ", missing)}.");
        }

        var context = session.Context;
        if (manifest.ResumedFrom is not null)
        {
            var reused = Folder(manifest.ResumedFrom).OpenCheckpoints(_artifacts).Completed.Count;
            context.Data.Notes.Add($"resumed from run {manifest.ResumedFrom}: reused the checkpoints of {string.Join(", ", session.Completed.Take(reused))}");
        }

        var replaced = ReplacedTables(session.Pipeline);
        if (!session.InProcess)
        {
            await session.Warehouse.EnsureSchemaAsync(replaced, cancellationToken);
        }

        QualityGate.Apply(context.Data, _stages);
        var run = NewRun(context, manifest.StartedAt, RunStatus.Succeeded, null) with { FinishedAt = time.GetUtcNow().UtcDateTime };
        var tables = context.Data.Outputs.ToList();
        tables.Add(CoreOutputs.Metrics(context.Data.Metrics));
        tables.Add(CoreOutputs.Rejected(context.Data.Rejected));
        ReleaseBeforePublish(context.Data);
        var progress = context.Progress;
        progress?.Report(new StageProgress(PublishStep, 0, string.Create(CultureInfo.InvariantCulture, $"{tables.Count} tables")));
        await PublishWatchedAsync(session.Warehouse, new SnapshotPublication(run, replaced, tables)
        {
            KeepSnapshotDays = options.Value.KeepSnapshotDays,
            Progress = progress is null ? null : new PublishReporter(progress),
        }, cancellationToken);
        progress?.Report(new StageProgress(PublishStep, 1));
        if (!session.InProcess)
        {
            session.Folder.MarkPublished(time.GetUtcNow().UtcDateTime);

            // Checkpoints only serve a resume; a published run keeps its manifest and model artefacts, not its working
            // store, and the failed run it resumed from (whose checkpoints it copied) has nothing left to resume either.
            session.Folder.DeleteWorkingStore();
            if (manifest.ResumedFrom is not null)
            {
                Folder(manifest.ResumedFrom).DeleteWorkingStore();
            }
        }

        RunnerLog.Published(logger, manifest.RunId, context.SnapshotDate, tables.Count);
        if (session.InProcess)
        {
            // A staged run's report is the chain's last step, after its lease is released.
            await RunReportFile.TryWriteAsync(session.Warehouse, manifest.RunId, session.Folder.Path, logger, cancellationToken);
        }

        return Result(session, run, tables);
    }

    /// <summary>
    /// No step reads the events after the last stage: dropping them and compacting the heap once (large-object heap
    /// included) gives their memory back before the publish, whose peak is DuckDB's buffers on top of the stages'
    /// tables (the events are 0.3 GB at 10M events).
    /// </summary>
    private static void ReleaseBeforePublish(RunData data)
    {
        data.ReleaseEvents();
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>
    /// Records a failed run in job_runs (with ingest's counts a failing staged step kept, when no checkpoint has them);
    /// returns the row and, when the warehouse could not take it, where it was kept for the next run to record.
    /// </summary>
    private async Task<(JobRun Failed, string? Kept)> RecordFailureAsync(RunSession session, StageContext context, string message)
    {
        var failed = NewRun(context, session.Manifest.StartedAt, RunStatus.Failed, message, session.Folder.ReadSnapshotDate() ?? session.Manifest.AsOf)
            with { FinishedAt = time.GetUtcNow().UtcDateTime };
        if (context.Data.Ingest is null && FailureCounts.Read(session.Folder.Path) is { } counts)
        {
            failed = failed with { InputRows = counts.InputRows, RejectedRows = counts.RejectedRows, DuplicatesDropped = counts.DuplicatesDropped };
        }

        var kept = await PendingFailures.RecordAsync(session.Warehouse, failed, ArtifactsRoot, logger);
        return (failed, kept);
    }

    /// <summary>A failing stage's counts, snapshot date and quarantined lines, kept in the run folder (no checkpoint holds them).</summary>
    private void KeepFailureState(RunFolder folder, StageContext context)
    {
        if (context.HasSnapshotDate)
        {
            folder.WriteSnapshotDate(context.SnapshotDate);
        }

        if (context.Data.Ingest is { } ingest)
        {
            FailureCounts.Write(folder.Path, new FailureCounts(ingest.InputRows, ingest.RejectedRows, ingest.DuplicatesDropped));
        }

        if (RejectedLinesFile.Write(folder.Path, context.Data.Rejected) is { } path)
        {
            RunnerLog.RejectedLinesKept(logger, context.RunId, context.Data.Rejected.Count, path);
        }
    }
}
