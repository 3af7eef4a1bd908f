using System.ComponentModel;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// The Hangfire entry point of a pipeline run (what recurring jobs, "trigger now" and backfills enqueue).
/// SKELETON: runs the whole pipeline in one job; to be replaced by the per-stage continuation chain.
/// </summary>
public sealed class RunChain(PipelineRunner runner)
{
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

    [DisplayName("Run {0}")]
    [AutomaticRetry(Attempts = 0)]
    public async Task StartAsync(RunLaunch launch, PerformContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var result = await runner.RunAsync(new RunRequest(launch.PipelinePath) { AsOf = launch.AsOf }, progress: null, cancellationToken);
        if (result.Status != RunStatus.Succeeded)
        {
            throw new RecsysException($"Run {result.RunId} of {result.Pipeline} failed: {result.Error}");
        }
    }
}
