using Hangfire;
using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// The Hangfire job a recurring schedule enqueues: runs one pipeline through the same runner as `recsys run`.
/// Idempotent: a re-run of a (pipeline, snapshot) replaces that snapshot; a failed run throws so Hangfire records it.
/// </summary>
public sealed class PipelineJob(PipelineRunner runner)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string pipelinePath, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new RunRequest(pipelinePath) { AsOf = asOf }, progress: null, cancellationToken);
        if (result.Status != RunStatus.Succeeded)
        {
            throw new RecsysException($"Run {result.RunId} of {result.Pipeline} failed: {result.Error}");
        }
    }
}
