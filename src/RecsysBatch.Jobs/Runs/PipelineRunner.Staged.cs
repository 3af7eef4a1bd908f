using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Checkpoints;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// The staged form of a run, for the Hangfire chain: <see cref="BeginAsync"/> once, <see cref="RunStageAsync"/> per
/// stage (any process, in order, each restoring the checkpoints of the earlier ones and checkpointing its own), then
/// <see cref="PublishAsync"/>. Every step is reentrant: a stage with a checkpoint is not run again, a published run is
/// not published again, because Hangfire delivers a job at least once.
/// </summary>
public sealed partial class PipelineRunner
{
    private const string FailedMarker = "failed";
    private const string SnapshotFile = "snapshot_date";
    private const string ShardCheckpoint = "shard";

    /// <summary>
    /// Creates a run (its manifest in a new artefacts folder). When an earlier run of the same request failed and
    /// nothing it depends on changed (pipeline file, as-of, input files), its checkpoints are copied in, so the new
    /// run resumes at the stage that failed.
    /// </summary>
    public Task<RunManifest> BeginAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        AsOfLimit.Check(request.AsOf, time);
        if (!request.Overrides.IsEmpty)
        {
            // Each stage of a staged run loads the file again in its own job: an override would be lost after the first.
            throw new RecsysException($"{request.PipelinePath}: a staged run takes no --set or --horizon-days; run it in-process (recsys run).");
        }

        var startedAt = time.GetUtcNow().UtcDateTime;
        var runId = $"{startedAt:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..8]}";
        var pipeline = LoadPipeline(request);

        var manifest = new RunManifest
        {
            RunId = runId,
            PipelinePath = pipeline.FilePath,
            PipelineName = pipeline.Name,
            Fingerprint = RunManifest.Compute(pipeline, request.AsOf),
            AsOf = request.AsOf,
            Sources = request.Sources,
            Warehouse = request.Warehouse,
            StartedAt = startedAt,
            Stages = [.. pipeline.Stages.Where(s => s.Enabled).Select(s => s.Name)],
            Shards = pipeline.Stages.Where(s => s.Enabled && s.Shards > 1).ToDictionary(
                s => s.Name,
                s => _stages[s.Name] is IShardedStage
                    ? s.Shards
                    : throw new RecsysException($"{pipeline.FilePath}: stage '{s.Name}' cannot be split into shards (shards: {s.Shards}); stages that can: {string.Join(", ", _stages.Values.OfType<IShardedStage>().Select(x => x.Name))}.")),
        };
        var directory = RunDirectory(runId);
        DeleteExpiredCheckpoints();
        var resumable = FindResumable(manifest);
        if (resumable is not null)
        {
            CopyDirectory(Path.Combine(RunDirectory(resumable.RunId), RunCheckpointStore.FolderName), Path.Combine(directory, RunCheckpointStore.FolderName));
            manifest = manifest with { ResumedFrom = resumable.RunId };
        }

        manifest.Write(directory);
        RunnerLog.RunStarted(logger, runId, pipeline.Name, "staged" + (resumable is null ? "" : $", resuming {resumable.RunId}"));
        return Task.FromResult(manifest);
    }

    /// <summary>Runs one stage of a begun run; a no-op when that stage already has a checkpoint.</summary>
    public async Task<StageReport> RunStageAsync(string runId, string stageName, CancellationToken cancellationToken)
    {
        var directory = RunDirectory(runId);
        var manifest = RunManifest.Read(directory);
        var store = new RunCheckpointStore(directory, _artifacts);
        if (store.Has(stageName))
        {
            return new StageReport(stageName, StageReport.Ran, TimeSpan.Zero, "checkpoint already present");
        }

        var (context, pipeline) = RestoreContext(manifest, directory, store);
        var definition = pipeline.Stages.FirstOrDefault(s => s.Name == stageName && s.Enabled)
            ?? throw new RecsysException($"{pipeline.FilePath}: run {runId} has no enabled stage '{stageName}'.");
        var missing = manifest.Stages.TakeWhile(s => s != stageName).Where(s => !store.Has(s)).ToList();
        if (missing.Count > 0)
        {
            throw new RecsysException($"Run {runId}: stage '{stageName}' cannot start before {string.Join(", ", missing)} has a checkpoint.");
        }

        var warehouse = warehouses.Open(manifest.Warehouse ?? options.Value.Warehouse);
        var reports = new List<StageReport>();
        using var runScope = logger.BeginScope("{Pipeline} run {RunId}", pipeline.Name, runId);
        var hadSnapshot = context.HasSnapshotDate;
        try
        {
            await RunStageAsync(context, definition, _stages[stageName], reports, cancellationToken);
        }
        catch
        {
            // What a failing stage (ingest) counted is in no checkpoint: keep it for RecordFailedAsync.
            KeepFailureState(directory, context);
            throw;
        }

        if (!hadSnapshot && context.HasSnapshotDate)
        {
            await warehouse.EnsureSchemaAsync(ReplacedTables(pipeline), cancellationToken);
            await warehouse.RecordRunStartedAsync(NewRun(context, manifest.StartedAt, RunStatus.Running, null), cancellationToken);
        }

        store.Save(stageName, context);
        if (context.HasSnapshotDate)
        {
            File.WriteAllText(Path.Combine(directory, SnapshotFile), context.SnapshotDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        return reports[^1];
    }

    /// <summary>
    /// The first part of a stage split into shards (<see cref="IShardedStage.PrepareAsync"/>), checkpointed as
    /// "STAGE.prepare". A stage that does not apply is skipped here for good (its own checkpoint is written).
    /// </summary>
    public async Task PrepareShardedStageAsync(string runId, string stageName, CancellationToken cancellationToken)
    {
        var directory = RunDirectory(runId);
        var manifest = RunManifest.Read(directory);
        var store = new RunCheckpointStore(directory, _artifacts);
        var checkpoint = PrepareCheckpoint(stageName);
        if (store.Has(checkpoint) || store.Has(stageName))
        {
            return;
        }

        var (context, pipeline) = RestoreContext(manifest, directory, store);
        var definition = pipeline.Stages.First(s => s.Name == stageName && s.Enabled);
        var reports = new List<StageReport>();
        await RunStageAsync(context, definition, _stages[stageName], reports, cancellationToken, prepareOnly: true);
        store.Save(reports[^1].Outcome == StageReport.Skipped ? stageName : checkpoint, context);
    }

    /// <summary>One shard of a split stage: its rows are kept under shards/STAGE/K-of-N until the fan-in merges them.</summary>
    public async Task RunShardAsync(string runId, string stageName, int shard, int shards, CancellationToken cancellationToken)
    {
        var directory = RunDirectory(runId);
        var manifest = RunManifest.Read(directory);
        var store = new RunCheckpointStore(directory, _artifacts);
        var shardStore = new RunCheckpointStore(ShardDirectory(directory, stageName, shard, shards), _artifacts);
        if (store.Has(stageName) || shardStore.Has(ShardCheckpoint))
        {
            return;
        }

        if (!store.Has(PrepareCheckpoint(stageName)))
        {
            throw new RecsysException($"Run {runId}: shard {shard + 1} of {shards} of stage '{stageName}' cannot start before its preparation has a checkpoint.");
        }

        var (context, pipeline) = RestoreContext(manifest, directory, store);
        context.Stage = pipeline.Stages.First(s => s.Name == stageName && s.Enabled);
        var result = await ((IShardedStage)_stages[stageName]).RunShardAsync(context, shard, shards, cancellationToken);
        var part = new StageContext(runId, pipeline, context.SnapshotDate, options.Value.Seed, directory, new RunData()) { ClockUtc = manifest.StartedAt };
        foreach (var table in result.Tables)
        {
            part.Data.AddOutput(table);
        }

        part.Data.Metrics.AddRange(result.Metrics);
        part.Data.Notes.AddRange(result.Notes);
        shardStore.Save(ShardCheckpoint, part);
    }

    /// <summary>True when every shard of the split stage has its rows (or the stage was skipped, or merged already).</summary>
    public bool ShardsDone(string runId, string stageName, int shards)
    {
        var directory = RunDirectory(runId);
        return new RunCheckpointStore(directory, _artifacts).Has(stageName)
            || Enumerable.Range(0, shards).All(k => new RunCheckpointStore(ShardDirectory(directory, stageName, k, shards), _artifacts).Has(ShardCheckpoint));
    }

    /// <summary>
    /// Merges the shards of a split stage in shard order (tables concatenated, metrics with the same key summed,
    /// notes kept) and checkpoints the stage, so the next stages see exactly what an unsplit run leaves.
    /// </summary>
    public Task FanInAsync(string runId, string stageName, int shards, CancellationToken cancellationToken)
    {
        var directory = RunDirectory(runId);
        var manifest = RunManifest.Read(directory);
        var store = new RunCheckpointStore(directory, _artifacts);
        if (store.Has(stageName))
        {
            return Task.CompletedTask;
        }

        var (context, pipeline) = RestoreContext(manifest, directory, store);
        var tables = new List<OutputTable>();
        var metrics = new List<ModelMetric>();
        for (var k = 0; k < shards; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var part = new StageContext(runId, pipeline, context.SnapshotDate, options.Value.Seed, directory, new RunData()) { ClockUtc = manifest.StartedAt };
            var shardStore = new RunCheckpointStore(ShardDirectory(directory, stageName, k, shards), _artifacts);
            if (!shardStore.Has(ShardCheckpoint))
            {
                throw new RecsysException($"Run {runId}: shard {k + 1} of {shards} of stage '{stageName}' has no rows yet; the fan-in must wait for every shard.");
            }

            shardStore.Restore(part);
            tables.AddRange(part.Data.Outputs);
            metrics.AddRange(part.Data.Metrics);
            context.Data.Notes.AddRange(part.Data.Notes);
        }

        foreach (var group in tables.GroupBy(t => t.Name, StringComparer.Ordinal))
        {
            context.Data.AddOutput(OutputTable.Concat([.. group]));
        }

        foreach (var group in metrics.GroupBy(m => (m.Stage, m.Model, m.Metric)))
        {
            context.Data.Metrics.Add(group.First() with { Value = group.Sum(m => m.Value) });
        }

        context.Data.Metrics.Add(new ModelMetric(stageName, "shards", "count", shards));
        store.Save(stageName, context);
        return Task.CompletedTask;
    }

    /// <summary>Publishes a run whose stages all have checkpoints; a no-op for a run already published.</summary>
    public async Task<RunResult> PublishAsync(string runId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var directory = RunDirectory(runId);
        var manifest = RunManifest.Read(directory);
        var warehouse = warehouses.Open(manifest.Warehouse ?? options.Value.Warehouse);
        await PendingFailures.ReplayAsync(warehouse, ArtifactsRoot, logger, cancellationToken);
        if (RunManifest.IsPublished(directory))
        {
            // Delivered again after it published (its checkpoints are gone by then): nothing to do.
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

        var store = new RunCheckpointStore(directory, _artifacts);
        var missing = manifest.Stages.Where(s => !store.Has(s)).ToList();
        if (missing.Count > 0)
        {
            throw new RecsysException($"Run {runId} cannot publish: stages without a checkpoint: {string.Join(", ", missing)}.");
        }

        var (context, pipeline) = RestoreContext(manifest, directory, store);
        var reports = manifest.Stages.Select(s => new StageReport(s, StageReport.Ran, TimeSpan.Zero)).ToList();

        if (manifest.ResumedFrom is not null)
        {
            context.Data.Notes.Add($"resumed from run {manifest.ResumedFrom}: reused the checkpoints of {string.Join(", ", store.Completed.Take(CopiedStages(manifest)))}");
        }

        var replaced = ReplacedTables(pipeline);
        await warehouse.EnsureSchemaAsync(replaced, cancellationToken);
        QualityGate.Apply(context.Data, _stages);
        var run = NewRun(context, manifest.StartedAt, RunStatus.Succeeded, null) with { FinishedAt = time.GetUtcNow().UtcDateTime };
        var tables = context.Data.Outputs.ToList();
        tables.Add(CoreOutputs.Metrics(context.Data.Metrics));
        tables.Add(CoreOutputs.Rejected(context.Data.Rejected));
        await warehouse.PublishAsync(new SnapshotPublication(run, replaced, tables) { KeepSnapshotDays = options.Value.KeepSnapshotDays }, cancellationToken);
        RunManifest.MarkPublished(directory, time.GetUtcNow().UtcDateTime);

        // Checkpoints only serve a resume; a published run keeps its manifest and model artefacts, not its working store,
        // and the failed run it resumed from (whose checkpoints it copied) has nothing left to resume either.
        DeleteWorkingStore(directory);
        if (manifest.ResumedFrom is not null)
        {
            DeleteWorkingStore(RunDirectory(manifest.ResumedFrom));
        }

        RunnerLog.Published(logger, runId, context.SnapshotDate, tables.Count);
        return Result(context, run, warehouse, reports, clock, tables);
    }

    /// <summary>
    /// Writes ArtifactsPath/RUN_ID/report.html of a published staged run from its warehouse (the chain calls it after
    /// publish has released the run's lease, so the next run never waits on the report); never throws.
    /// </summary>
    public async Task WriteReportAsync(string runId, CancellationToken cancellationToken)
    {
        var directory = RunDirectory(runId);
        IWarehouse warehouse;
        try
        {
            warehouse = warehouses.Open(RunManifest.Read(directory).Warehouse ?? options.Value.Warehouse);
        }
        catch (RecsysException ex)
        {
            // The run has published: a manifest or warehouse setting that cannot be read now only costs the report.
            RunnerLog.ReportFailed(logger, ex, runId, directory, FailureText.OneLine(ex.Message));
            return;
        }

        await RunReportFile.TryWriteAsync(warehouse, runId, directory, logger, cancellationToken);
    }

    /// <summary>Records a staged run as failed (job_runs row with the error); its checkpoints stay for a resume.</summary>
    public async Task RecordFailedAsync(string runId, string error, CancellationToken cancellationToken)
    {
        var directory = RunDirectory(runId);
        var manifest = RunManifest.Read(directory);
        StageContext context;
        try
        {
            // The checkpoints carry the counts and notes job_runs shows.
            (context, _) = RestoreContext(manifest, directory, new RunCheckpointStore(directory, _artifacts));
        }
        catch (RecsysException)
        {
            // A damaged checkpoint may be the very failure: the run is still recorded, with what the manifest knows.
            context = new StageContext(runId, loader.Load(manifest.PipelinePath), KnownSnapshot(runId), options.Value.Seed, directory, new RunData()) { ClockUtc = manifest.StartedAt };
        }

        ArgumentNullException.ThrowIfNull(error);
        var kept = RejectedLinesFile.Find(directory);
        var message = FailureText.OneLine(error) + (kept is null || error.Contains(kept, StringComparison.Ordinal) ? "" : $" (quarantined lines kept in {kept})");
        var warehouse = warehouses.Open(manifest.Warehouse ?? options.Value.Warehouse);
        var failed = NewRun(context, manifest.StartedAt, RunStatus.Failed, message, KnownSnapshot(runId)) with { FinishedAt = time.GetUtcNow().UtcDateTime };
        if (context.Data.Ingest is null && FailureCounts.Read(directory) is { } counts)
        {
            failed = failed with { InputRows = counts.InputRows, RejectedRows = counts.RejectedRows, DuplicatesDropped = counts.DuplicatesDropped };
        }

        cancellationToken.ThrowIfCancellationRequested();
        await PendingFailures.RecordAsync(warehouse, failed, ArtifactsRoot, logger);
        File.WriteAllText(Path.Combine(directory, FailedMarker), message);
    }

    /// <summary>A failing stage's counts, snapshot date and quarantined lines, kept in the run folder (no checkpoint holds them).</summary>
    private void KeepFailureState(string directory, StageContext context)
    {
        if (context.HasSnapshotDate)
        {
            File.WriteAllText(Path.Combine(directory, SnapshotFile), context.SnapshotDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (context.Data.Ingest is { } ingest)
        {
            FailureCounts.Write(directory, new FailureCounts(ingest.InputRows, ingest.RejectedRows, ingest.DuplicatesDropped));
        }

        if (RejectedLinesFile.Write(directory, context.Data.Rejected) is { } path)
        {
            RunnerLog.RejectedLinesKept(logger, context.RunId, context.Data.Rejected.Count, path);
        }
    }

    /// <summary>The snapshot date of a staged run: the requested one, or the one ingest resolved (null before that).</summary>
    public DateOnly? KnownSnapshot(string runId)
    {
        var directory = RunDirectory(runId);
        var file = Path.Combine(directory, SnapshotFile);
        if (File.Exists(file))
        {
            return DateOnly.ParseExact(File.ReadAllText(file).Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        return RunManifest.Read(directory).AsOf;
    }

    public string RunDirectory(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (runId.Contains('/', StringComparison.Ordinal) || runId.Contains('\\', StringComparison.Ordinal) || runId.Contains("..", StringComparison.Ordinal))
        {
            throw new RecsysException($"'{runId}' is not a run id.");
        }

        return Path.GetFullPath(Path.Combine(options.Value.ArtifactsPath, runId));
    }

    private (StageContext Context, Core.Pipelines.PipelineDefinition Pipeline) RestoreContext(RunManifest manifest, string directory, RunCheckpointStore store)
    {
        var pipeline = loader.Load(manifest.PipelinePath);
        if (manifest.Sources.Count > 0)
        {
            pipeline = pipeline with { Sources = manifest.Sources };
        }

        // Every step of one run sees the same clock: the start recorded in its manifest.
        var context = new StageContext(manifest.RunId, pipeline, manifest.AsOf, options.Value.Seed, directory, new RunData()) { ClockUtc = manifest.StartedAt };
        store.Restore(context);
        return (context, pipeline);
    }

    private static string PrepareCheckpoint(string stage) => stage + ".prepare";

    private static string ShardDirectory(string runDirectory, string stage, int shard, int shards) =>
        Path.Combine(runDirectory, "shards", stage, $"{shard + 1}-of-{shards}");

    private List<Core.Tables.TableSchema> ReplacedTables(Core.Pipelines.PipelineDefinition pipeline) =>
        [.. pipeline.Stages.Where(s => s.Enabled).SelectMany(s => _stages[s.Name].OutputTables).DistinctBy(t => t.Name)];

    private RunManifest? FindResumable(RunManifest manifest)
    {
        var root = Path.GetFullPath(options.Value.ArtifactsPath);
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, FailedMarker)) && File.Exists(Path.Combine(d, RunManifest.FileName)) && !RunManifest.IsPublished(d))
            .Select(d => { try { return RunManifest.Read(d); } catch (RecsysException) { return null; } })
            .Where(m => m is not null && m.Fingerprint == manifest.Fingerprint && m.PipelinePath == manifest.PipelinePath
                && RunCheckpointStore.IsResumable(RunDirectory(m.RunId), logger))
            .OrderByDescending(m => m!.StartedAt)
            .FirstOrDefault();
    }

    /// <summary>Deletes the checkpoints and shard outputs of a run's folder (what only a resume needs).</summary>
    private static void DeleteWorkingStore(string runDirectory)
    {
        foreach (var folder in new[] { RunCheckpointStore.FolderName, "shards" })
        {
            var path = Path.Combine(runDirectory, folder);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    /// <summary>Deletes the working store of failed runs that failed more than FailedCheckpointDays ago (0: never).</summary>
    private void DeleteExpiredCheckpoints()
    {
        var days = options.Value.FailedCheckpointDays;
        var root = Path.GetFullPath(options.Value.ArtifactsPath);
        if (days == 0 || !Directory.Exists(root))
        {
            return;
        }

        var before = time.GetUtcNow().UtcDateTime.AddDays(-days);
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var failed = Path.Combine(directory, FailedMarker);
            if (File.Exists(failed) && !RunManifest.IsPublished(directory) && File.GetLastWriteTimeUtc(failed) < before
                && Directory.Exists(Path.Combine(directory, RunCheckpointStore.FolderName)))
            {
                DeleteWorkingStore(directory);
                var runId = Path.GetFileName(directory);
                RunnerLog.CheckpointsExpired(logger, runId, days);
            }
        }
    }

    private int CopiedStages(RunManifest manifest)
    {
        var earlier = new RunCheckpointStore(RunDirectory(manifest.ResumedFrom!), _artifacts);
        return earlier.Completed.Count;
    }

    private static void CopyDirectory(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            DurableFile.Copy(file, target);
        }
    }
}
