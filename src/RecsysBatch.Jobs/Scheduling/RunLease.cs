using System.Globalization;
using Hangfire;
using RecsysBatch.Core;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// Makes sure two runs of the same (pipeline, snapshot date) never execute at once, across every server sharing
/// the Hangfire storage: the lease is a hash in that storage, read and written under the storage's distributed lock,
/// naming the run that holds it. A run takes it as soon as its snapshot date is known, refreshes it at every stage
/// and releases it when it publishes or fails for good. A lease older than <see cref="StaleAfter"/> without a refresh
/// (its servers died and nobody resumed it) may be taken over.
/// </summary>
public static class RunLease
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(6);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Takes or refreshes the lease for <paramref name="runId"/>; throws when another live run holds it.</summary>
    public static void Acquire(JobStorage storage, string pipeline, DateOnly snapshot, string runId, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(time);
        var key = Key(pipeline, snapshot);
        using var connection = storage.GetConnection();
        using (connection.AcquireDistributedLock(key + ":lock", LockTimeout))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var entries = connection.GetAllEntriesFromHash(key);
            if (entries is not null && entries.TryGetValue("RunId", out var owner) && owner != runId
                && entries.TryGetValue("RefreshedAt", out var refreshed)
                && now - DateTime.Parse(refreshed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) < StaleAfter)
            {
                throw new RecsysException(
                    $"Run {owner} of pipeline '{pipeline}' for snapshot {snapshot:yyyy-MM-dd} is in progress (last stage started {refreshed}); run {runId} must wait for it.");
            }

            connection.SetRangeInHash(key, [
                new("RunId", runId),
                new("RefreshedAt", now.ToString("O", CultureInfo.InvariantCulture)),
            ]);
        }
    }

    /// <summary>Releases the lease if <paramref name="runId"/> holds it.</summary>
    public static void Release(JobStorage storage, string pipeline, DateOnly snapshot, string runId)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var key = Key(pipeline, snapshot);
        using var connection = storage.GetConnection();
        using (connection.AcquireDistributedLock(key + ":lock", LockTimeout))
        {
            var entries = connection.GetAllEntriesFromHash(key);
            if (entries is not null && entries.TryGetValue("RunId", out var owner) && owner == runId)
            {
                using var transaction = connection.CreateWriteTransaction();
                transaction.RemoveHash(key);
                transaction.Commit();
            }
        }
    }

    /// <summary>The run holding the lease now, if any.</summary>
    public static string? Holder(JobStorage storage, string pipeline, DateOnly snapshot)
    {
        ArgumentNullException.ThrowIfNull(storage);
        using var connection = storage.GetConnection();
        var entries = connection.GetAllEntriesFromHash(Key(pipeline, snapshot));
        return entries is not null && entries.TryGetValue("RunId", out var owner) ? owner : null;
    }

    private static string Key(string pipeline, DateOnly snapshot) => $"recsys:run-lease:{pipeline}:{snapshot:yyyy-MM-dd}";
}
