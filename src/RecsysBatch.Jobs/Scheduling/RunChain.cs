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

    /// <summary>
    /// Enqueues one run per snapshot date from <paramref name="from"/> to <paramref name="to"/>, oldest first: each
    /// date starts when the previous one has finished (succeeded or failed). Returns the first job id per date.
    /// </summary>
    public static IReadOnlyList<string> Backfill(IBackgroundJobClient client, RunLaunch template, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(template);
        if (to < from)
        {
            throw new RecsysException($"Backfill range {from:yyyy-MM-dd}..{to:yyyy-MM-dd} is empty: --to is before --from.");
        }

        var ids = new List<string>();
        string? previous = null;
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var launch = template with { AsOf = date };
            previous = previous is null
                ? Trigger(client, launch)
                : client.Create(JobFor(launch), new AwaitingState(previous, new EnqueuedState(launch.Queue), JobContinuationOptions.OnAnyFinishedState));
            ids.Add(previous);
        }

        return ids;
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
