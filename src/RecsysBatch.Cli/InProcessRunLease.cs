using Hangfire;
using Microsoft.Extensions.Configuration;
using RecsysBatch.Core;
using RecsysBatch.Host;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Cli;

/// <summary>
/// `recsys run` and `recsys backfill` run in this process, outside Hangfire; when `recsys serve` keeps its jobs in
/// PostgreSQL (Recsys:Serve:Storage), they take the same run lease a served run takes, so an in-process run and a
/// served run of one (pipeline, snapshot date) never execute at once: the second one fails, naming the first. With
/// in-memory storage no other process could see a lease, so none is taken.
/// </summary>
internal static class InProcessRunLease
{
    public static async Task<RunResult> RunAsync(RunRequest request, Func<RunRequest, Task<RunResult>> run)
    {
        var serve = CliServices.Configuration().GetSection(ServeOptions.Section).Get<ServeOptions>() ?? new ServeOptions();
        var storage = ServeStorage.OpenShared(serve);
        if (storage is null)
        {
            return await run(request);
        }

        RunKey? held = null;
        try
        {
            return await run(request with
            {
                OnSnapshotKnown = key =>
                {
                    Acquire(storage, key);
                    held = key;
                },
            });
        }
        finally
        {
            if (held is not null)
            {
                Release(storage, held);
            }
        }
    }

    private static void Acquire(JobStorage storage, RunKey key)
    {
        try
        {
            RunLease.Acquire(storage, key.Pipeline, key.Snapshot, key.RunId, TimeProvider.System);
        }
        catch (Exception ex) when (ex is not RecsysException)
        {
            throw new RecsysException($"{ServeOptions.Section}:Storage (PostgreSQL, which holds the run leases of served runs) could not be used to take the lease of run {key.RunId}: {ex.Message}", ex);
        }
    }

    private static void Release(JobStorage storage, RunKey key)
    {
        try
        {
            RunLease.Release(storage, key.Pipeline, key.Snapshot, key.RunId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The run's outcome stands; an unreleased lease expires after RunLease.StaleAfter.
            Console.Error.WriteLine($"warning: the run lease of run {key.RunId} was not released ({ex.Message}); it lapses after {RunLease.StaleAfter.TotalHours:F0} h without a refresh.");
        }
    }
}
