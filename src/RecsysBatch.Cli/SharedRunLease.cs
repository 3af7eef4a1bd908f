using RecsysBatch.Core;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Cli;

/// <summary>
/// The run lease of `recsys run` and `recsys backfill` when `recsys serve` keeps its jobs in PostgreSQL
/// (Recsys:Serve:Storage): the lease a served run takes, so an in-process run and a served run of one (pipeline,
/// snapshot date) never execute at once: the second one fails, naming the first. A storage failure while taking it
/// fails the run naming the setting; one while releasing it is a warning (the lease lapses on its own).
/// </summary>
internal sealed class SharedRunLease(RunLease lease) : IRunLease
{
    public void Acquire(RunKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            lease.Acquire(key);
        }
        catch (Exception ex) when (ex is not RecsysException)
        {
            throw new RecsysException($"Recsys:Serve:Storage (PostgreSQL, which holds the run leases of served runs) could not be used to take the lease of run {key.RunId}: {ex.Message}", ex);
        }
    }

    public void Release(RunKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            lease.Release(key);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The run's outcome stands; an unreleased lease expires after RunLease.StaleAfter.
            Console.Error.WriteLine($"warning: the run lease of run {key.RunId} was not released ({ex.Message}); it lapses after {RunLease.StaleAfter.TotalHours:F0} h without a refresh.");
        }
    }
}
