using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecsysBatch.Core;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Options;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Checkpoints;
using RecsysBatch.Jobs.Scheduling;
using RecsysBatch.Pipelines.Definitions;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// Runs pipelines. There is one run path: the staged steps of PipelineRunner.Staged.cs (a stage at a time over a
/// <see cref="RunSession"/>, then one publish), which the Hangfire chain calls one job per step, each over the run's
/// checkpoints, and <see cref="RunAsync"/> (`recsys run`) calls in this process with the checkpoints kept in memory.
/// A failure anywhere records a failed job_runs row and publishes nothing.
/// </summary>
public sealed partial class PipelineRunner(
    PipelineFileLoader loader,
    IEnumerable<IPipelineStage> stages,
    WarehouseLocator warehouses,
    IRunLease lease,
    IOptions<RecsysOptions> options,
    ILogger<PipelineRunner> logger,
    TimeProvider time,
    IFaultHooks faults)
{
    private readonly Dictionary<string, IPipelineStage> _stages = stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
    private readonly ArtifactRegistry _artifacts = new(stages);

    /// <summary>The name the publish reports its progress under (as a stage would: "[publish] started", rows, "done in").</summary>
    public const string PublishStep = "publish";

    public static string AppVersion { get; } =
        typeof(PipelineRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// Runs the request whole in this process, under the run lease once its snapshot date is known; returns a failed
    /// result (never throws) when the run fails after it started.
    /// </summary>
    public async Task<RunResult> RunAsync(RunRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        // Configuration problems (a snapshot in the future, bad pipeline file, unknown warehouse) stop here: there is no run to record.
        var (manifest, pipeline) = NewManifest(request);
        var warehouse = OpenWarehouse(manifest);
        await warehouse.EnsureSchemaAsync(ReplacedTables(pipeline), cancellationToken);
        await PendingFailures.ReplayAsync(warehouse, ArtifactsRoot, logger, cancellationToken);

        var folder = Folder(manifest.RunId);
        var context = NewContext(manifest, pipeline, folder);
        context.Progress = progress;
        var session = RunSession.InMemory(folder, manifest, pipeline, warehouse, context);
        using var runScope = logger.BeginScope("{Pipeline} run {RunId}", pipeline.Name, manifest.RunId);
        RunnerLog.RunStarted(logger, manifest.RunId, pipeline.Name, warehouse.Description);
        RunKey? leased = null;
        try
        {
            leased = TakeLease(context, leased);
            foreach (var definition in pipeline.Stages)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!definition.Enabled)
                {
                    session.Reports.Add(new StageReport(definition.Name, StageReport.Disabled, TimeSpan.Zero, "disabled in the pipeline file"));
                    continue;
                }

                await RunStageAsync(session, definition.Name, cancellationToken);
                leased = TakeLease(context, leased);
            }

            return await PublishAsync(session, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            var message = FailureMessage(ex, manifest.RunId, RejectedLinesFile.Write(folder.Path, context.Data.Rejected));
            var (failed, kept) = await RecordFailureAsync(session, context, message);
            if (kept is not null)
            {
                context.Data.Notes.Add($"the warehouse could not record this failure; kept in {kept}, the next run on it records it");
            }
            else
            {
                // The failed run's report: its job_runs row, the rejected count, the error and the notes.
                await RunReportFile.TryWriteAsync(warehouse, manifest.RunId, folder.Path, logger, CancellationToken.None);
            }

            return Result(session, failed, []);
        }
        finally
        {
            if (leased is not null)
            {
                lease.Release(leased);
            }
        }
    }

    private string ArtifactsRoot => Path.GetFullPath(options.Value.ArtifactsPath);

    /// <summary>Takes the run lease once the snapshot date is known (once per in-process run); returns what is held.</summary>
    private RunKey? TakeLease(StageContext context, RunKey? held)
    {
        if (held is not null || !context.HasSnapshotDate)
        {
            return held;
        }

        var key = new RunKey(context.Pipeline.Name, context.SnapshotDate, context.RunId);
        lease.Acquire(key);
        return key;
    }

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

    /// <summary>The pipeline file with the request's (or manifest's) changes and sources; at least one source.</summary>
    private PipelineDefinition LoadPipeline(string path, PipelineOverrides overrides, IReadOnlyList<SourceSpec> sources)
    {
        var pipeline = loader.Load(path, overrides);
        if (sources.Count > 0)
        {
            pipeline = pipeline with { Sources = sources };
        }

        return pipeline.Sources.Count > 0
            ? pipeline
            : throw new RecsysException($"{pipeline.FilePath}: the pipeline names no sources and none were given with --source.");
    }

    private IWarehouse OpenWarehouse(RunManifest manifest) => warehouses.Open(manifest.Warehouse ?? options.Value.Warehouse);

    /// <summary>A new working store for a run: every step of one run sees the same clock, the start its manifest records.</summary>
    private StageContext NewContext(RunManifest manifest, PipelineDefinition pipeline, RunFolder folder) =>
        new(manifest.RunId, pipeline, manifest.AsOf, options.Value.Seed, folder.Path, new RunData()) { ClockUtc = manifest.StartedAt };

    private List<Core.Tables.TableSchema> ReplacedTables(PipelineDefinition pipeline) =>
        [.. pipeline.Stages.Where(s => s.Enabled).SelectMany(s => _stages[s.Name].OutputTables).DistinctBy(t => t.Name)];

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
        Events = context.Data.IngestFinished ? context.Data.Ingest?.Events : null,
        AfterSnapshot = context.Data.IngestFinished ? context.Data.Ingest?.AfterSnapshot : null,
        AppVersion = AppVersion,
        Notes = context.Data.Notes.Count == 0 ? null : string.Join('\n', context.Data.Notes),
        Config = RunConfiguration.Build(context, AppVersion),
    };

    private static RunResult Result(RunSession session, JobRun run, IReadOnlyList<Core.Tables.OutputTable> tables, StageContext? context = null)
    {
        context ??= session.Context;
        return new()
        {
            RunId = run.RunId,
            Pipeline = run.Pipeline,
            SnapshotDate = context.HasSnapshotDate ? context.SnapshotDate : null,
            Status = run.Status,
            Error = run.Error,
            Warehouse = session.Warehouse.Description,
            InputRows = run.InputRows,
            RejectedRows = run.RejectedRows,
            DuplicatesDropped = run.DuplicatesDropped,
            Events = context.Data.Ingest?.Events ?? 0,
            AfterSnapshot = context.Data.Ingest?.AfterSnapshot ?? 0,
            Stages = session.InProcess ? session.Reports : [.. session.Manifest.Stages.Select(s => new StageReport(s, StageReport.Ran, TimeSpan.Zero))],
            TablesWritten = tables.ToDictionary(t => t.Name, t => (long)t.RowCount),
            Notes = [.. context.Data.Notes],
            Duration = session.Clock.Elapsed,
        };
    }
}
