using System.ComponentModel;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Jobs.Runs;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// A pipeline run as a chain of Hangfire jobs, so the dashboard shows it stage by stage:
/// "Run" (creates the run and enqueues the rest) → one job per stage (continuations, each after the previous
/// succeeded) → "Publish". Each stage job restores the checkpoints of the earlier stages (any server), runs its stage
/// and checkpoints it; a failed stage is retried <see cref="RunLaunch.RetryAttempts"/> times (<see cref="StageRetryAttribute"/>),
/// then the run is recorded failed in job_runs and nothing is published; requeueing the failed stage in the dashboard,
/// or triggering the run again with unchanged inputs, resumes at that stage.
/// Every job is reentrant (Hangfire delivers at least once): the chain is enqueued once per run, a stage with a
/// checkpoint is not run again, a published run is not published again. The run lease (<see cref="IRunLease"/>, in the
/// Hangfire storage) keeps two runs of the same (pipeline, snapshot) from executing at once across servers: every job
/// of a run takes or refreshes it once the snapshot date is known, and the job that ends the run releases it.
/// </summary>
public sealed class RunChain(PipelineRunner runner, IRunLease lease, ILogger<RunChain> logger)
{
    private const string RunIdParameter = "RecsysRunId";
    private const string ChainParameter = "RecsysChain";
    private static readonly TimeSpan StageLockTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The job a recurring schedule fires.</summary>
    public static Job JobFor(RunLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        return Job.FromExpression<RunChain>(c => c.StartAsync(launch, null!, CancellationToken.None), launch.Queue);
    }

    /// <summary>Enqueues a run now ("trigger now", backfill); returns the Hangfire job id of its first job.</summary>
    public static string Trigger(IBackgroundJobClient client, RunLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(launch);
        return client.Create(JobFor(launch), new EnqueuedState(launch.Queue));
    }

    /// <summary>
    /// Enqueues one run per snapshot date from <paramref name="from"/> to <paramref name="to"/>, oldest first: each
    /// date is triggered when the previous run has finished (published or failed for good). Returns the first job's id.
    /// </summary>
    public static IReadOnlyList<string> Backfill(IBackgroundJobClient client, RunLaunch template, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(template);
        if (to < from)
        {
            throw new RecsysException($"Backfill range {from:yyyy-MM-dd}..{to:yyyy-MM-dd} is empty: --to is before --from.");
        }

        var rest = new List<DateOnly>();
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            rest.Add(date);
        }

        return [Trigger(client, template with { AsOf = from, ThenAsOf = rest })];
    }

    [DisplayName("Run {0}")]
    [AutomaticRetry(Attempts = 0)]
    public async Task StartAsync(RunLaunch launch, PerformContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetJobParameter<string>(ChainParameter) is not null)
        {
            return; // delivered again after the chain was enqueued
        }

        var runId = context.GetJobParameter<string>(RunIdParameter);
        if (runId is null)
        {
            var manifest = await runner.BeginAsync(new RunRequest(launch.PipelinePath) { AsOf = launch.AsOf }, cancellationToken);
            runId = manifest.RunId;
            context.SetJobParameter(RunIdParameter, runId);
        }

        var stages = runner.Folder(runId).ReadManifest();
        HoldLease(stages.PipelineName, runId);
        var client = new BackgroundJobClient(context.Storage);
        var last = EnqueueFrom(client, stages, launch, 0, context.BackgroundJob.Id);
        context.SetJobParameter(ChainParameter, last);
    }

    [DisplayName("{0} › {1} (run {2})")]
    [AutomaticRetry(Attempts = 0)]
    [StageRetry]
    public Task StageAsync(string pipeline, string stage, string runId, RunLaunch launch, PerformContext context, CancellationToken cancellationToken) =>
        GuardedAsync(pipeline, runId, stage, launch, context, async () =>
        {
            var report = await runner.RunStageAsync(runId, stage, Progress(context), cancellationToken);
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Run {RunId} stage {Stage}: {Outcome} in {Seconds:F1} s {Note}", runId, stage, report.Outcome, report.Duration.TotalSeconds, report.Note ?? "");
            }
        }, cancellationToken);

    [DisplayName("{0} › {1} prepare (run {2})")]
    [AutomaticRetry(Attempts = 0)]
    [StageRetry]
    public Task PrepareAsync(string pipeline, string stage, string runId, RunLaunch launch, PerformContext context, CancellationToken cancellationToken) =>
        GuardedAsync(pipeline, runId, stage + ".prepare", launch, context,
            () => runner.PrepareShardedStageAsync(runId, stage, Progress(context), cancellationToken), cancellationToken);

    /// <summary>
    /// One shard of a split stage; the shard that finds all shards done enqueues the fan-in and the rest of the chain
    /// (Hangfire continuations have one parent, so the last shard to finish starts what comes after).
    /// </summary>
    [DisplayName("{0} › {1} shard {3} of {4} (run {2})")]
    [AutomaticRetry(Attempts = 0)]
    [StageRetry]
    public Task ShardAsync(string pipeline, string stage, string runId, int part, int parts, RunLaunch launch, PerformContext context, CancellationToken cancellationToken) =>
        GuardedAsync(pipeline, runId, $"{stage}:{part}", launch, context, async () =>
        {
            await runner.RunShardAsync(runId, stage, part - 1, parts, Progress(context), cancellationToken);
            using var connection = context.Storage.GetConnection();
            using (connection.AcquireDistributedLock($"recsys:fan-in:{runId}:{stage}", StageLockTimeout))
            {
                var folder = runner.Folder(runId);
                var marker = folder.FanInMarker(stage);
                if (runner.ShardsDone(runId, stage, parts) && !File.Exists(marker))
                {
                    var manifest = folder.ReadManifest();
                    var client = new BackgroundJobClient(context.Storage);
                    var fanIn = client.Create(
                        Job.FromExpression<RunChain>(c => c.FanInAsync(pipeline, stage, runId, parts, launch, null!, CancellationToken.None), launch.Queue),
                        new EnqueuedState(launch.Queue));
                    EnqueueFrom(client, manifest, launch, manifest.Stages.ToList().IndexOf(stage) + 1, fanIn);
                    File.WriteAllText(marker, fanIn);
                }
            }
        }, cancellationToken);

    [DisplayName("{0} › {1} fan-in of {3} shards (run {2})")]
    [AutomaticRetry(Attempts = 0)]
    [StageRetry]
    public Task FanInAsync(string pipeline, string stage, string runId, int parts, RunLaunch launch, PerformContext context, CancellationToken cancellationToken) =>
        GuardedAsync(pipeline, runId, stage, launch, context,
            () => runner.FanInAsync(runId, stage, parts, Progress(context), cancellationToken), cancellationToken);

    [DisplayName("{0} › publish (run {1})")]
    [AutomaticRetry(Attempts = 0)]
    [StageRetry]
    public async Task PublishAsync(string pipeline, string runId, RunLaunch launch, PerformContext context, CancellationToken cancellationToken)
    {
        RunResult? result = null;
        await GuardedAsync(pipeline, runId, "publish", launch, context, async () =>
        {
            _ = runner.KnownSnapshot(runId) ?? throw new RecsysException($"Run {runId} has no snapshot date after all its stages.");
            result = await runner.PublishAsync(runId, Progress(context), cancellationToken);
        }, cancellationToken, endsRun: true);

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Run {RunId} published snapshot {Snapshot:yyyy-MM-dd}: {Tables}", runId, result!.SnapshotDate, string.Join(", ", result.TablesWritten.Select(t => $"{t.Key} {t.Value}")));
        }

        TriggerNext(context, launch);

        // After the lease is released and the next run triggered: the report only reads the published snapshot.
        await runner.WriteReportAsync(runId, CancellationToken.None);
    }

    /// <summary>The job's progress, kept where the dashboard's job page shows it.</summary>
    private static JobProgress Progress(PerformContext context) => new(context, TimeProvider.System);

    /// <summary>
    /// What every job of a run does around its work: holds a distributed lock on (run, step) so a job delivered twice
    /// never runs twice at once, takes or refreshes the run's lease once the snapshot is known (before the work, and
    /// after it: ingest may just have resolved it), and on the last failed attempt records the run as failed (and
    /// starts the next backfill date) before letting Hangfire see the failure. The lease is released here, and only
    /// here, when the run ends: <paramref name="endsRun"/> (publish) succeeded, or the run failed for good.
    /// </summary>
    private async Task GuardedAsync(string pipeline, string runId, string step, RunLaunch launch, PerformContext context, Func<Task> work, CancellationToken cancellationToken, bool endsRun = false)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(context);
        var ended = false;
        try
        {
            using var connection = context.Storage.GetConnection();
            using (connection.AcquireDistributedLock($"recsys:step:{runId}:{step}", StageLockTimeout))
            {
                HoldLease(pipeline, runId);
                await work();
                HoldLease(pipeline, runId);
            }

            ended = endsRun;
        }
        catch (Exception ex) when (IsFinalFailure(ex, launch, context, cancellationToken))
        {
            ended = true;
            await FailRunAsync(runId, launch, context, ex);
            throw;
        }
        finally
        {
            if (ended)
            {
                ReleaseLease(pipeline, runId);
            }
        }
    }

    /// <summary>Takes or refreshes the run's lease once its snapshot date is known (requested, or resolved by ingest).</summary>
    private void HoldLease(string pipeline, string runId)
    {
        if (runner.KnownSnapshot(runId) is { } snapshot)
        {
            lease.Acquire(new RunKey(pipeline, snapshot, runId));
        }
    }

    private void ReleaseLease(string pipeline, string runId)
    {
        try
        {
            if (runner.KnownSnapshot(runId) is { } snapshot)
            {
                lease.Release(new RunKey(pipeline, snapshot, runId));
            }
        }
#pragma warning disable CA1031 // the run's outcome stands; an unreleased lease lapses after RunLease.StaleAfter
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Run {RunId}: could not release its lease; it lapses after {Hours} h without a refresh", runId, RunLease.StaleAfter.TotalHours);
        }
    }

    /// <summary>
    /// Enqueues the stages from <paramref name="index"/> on, each a continuation of the one before, then publish;
    /// a split stage gets its preparation and its shards, and the chain stops there (the last shard continues it).
    /// Returns the id of the last job enqueued.
    /// </summary>
    private static string EnqueueFrom(BackgroundJobClient client, RunManifest manifest, RunLaunch launch, int index, string previous)
    {
        var pipeline = manifest.PipelineName;
        var runId = manifest.RunId;
        for (var i = index; i < manifest.Stages.Count; i++)
        {
            var stage = manifest.Stages[i];
            if (manifest.Shards.TryGetValue(stage, out var parts) && parts > 1)
            {
                var prepare = client.Create(
                    Job.FromExpression<RunChain>(c => c.PrepareAsync(pipeline, stage, runId, launch, null!, CancellationToken.None), launch.Queue),
                    new AwaitingState(previous, new EnqueuedState(launch.Queue), JobContinuationOptions.OnlyOnSucceededState));
                var shard = prepare;
                for (var part = 1; part <= parts; part++)
                {
                    var number = part;
                    shard = client.Create(
                        Job.FromExpression<RunChain>(c => c.ShardAsync(pipeline, stage, runId, number, parts, launch, null!, CancellationToken.None), launch.Queue),
                        new AwaitingState(prepare, new EnqueuedState(launch.Queue), JobContinuationOptions.OnlyOnSucceededState));
                }

                return shard;
            }

            previous = client.Create(
                Job.FromExpression<RunChain>(c => c.StageAsync(pipeline, stage, runId, launch, null!, CancellationToken.None), launch.Queue),
                new AwaitingState(previous, new EnqueuedState(launch.Queue), JobContinuationOptions.OnlyOnSucceededState));
        }

        return client.Create(
            Job.FromExpression<RunChain>(c => c.PublishAsync(pipeline, runId, launch, null!, CancellationToken.None), launch.Queue),
            new AwaitingState(previous, new EnqueuedState(launch.Queue), JobContinuationOptions.OnlyOnSucceededState));
    }

    private static bool IsFinalFailure(Exception ex, RunLaunch launch, PerformContext context, CancellationToken cancellationToken) =>
        !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
        && StageRetryAttribute.RetriesSoFar(context) >= launch.RetryAttempts;

    private async Task FailRunAsync(string runId, RunLaunch launch, PerformContext context, Exception ex)
    {
        var message = ex is RecsysException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
        try
        {
            await runner.RecordFailedAsync(runId, message, CancellationToken.None);
        }
#pragma warning disable CA1031 // the stage's own error is what Hangfire must record; this one is only logged
        catch (Exception recordError)
#pragma warning restore CA1031
        {
            logger.LogError(recordError, "Run {RunId}: could not record the failure", runId);
        }

        TriggerNext(context, launch);
    }

    private static void TriggerNext(PerformContext context, RunLaunch launch)
    {
        if (launch.ThenAsOf.Count == 0)
        {
            return;
        }

        var next = launch with { AsOf = launch.ThenAsOf[0], ThenAsOf = [.. launch.ThenAsOf.Skip(1)] };
        Trigger(new BackgroundJobClient(context.Storage), next);
    }
}
