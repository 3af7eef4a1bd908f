using System.Globalization;
using Hangfire;
using RecsysBatch.Core;
using RecsysBatch.Jobs.Runs;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// The run lease kept in a Hangfire storage, so it holds across every server (and `recsys run` process) sharing that
/// storage: a hash read and written under the storage's distributed lock, naming the run that holds it. A lease older
/// than <see cref="StaleAfter"/> without a refresh (its servers died and nobody resumed it) may be taken over.
/// </summary>
public sealed class RunLease(JobStorage storage, TimeProvider time) : IRunLease
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(6);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(1);

    public void Acquire(RunKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = Hash(key.Pipeline, key.Snapshot);
        using var connection = storage.GetConnection();
        using (connection.AcquireDistributedLock(hash + ":lock", LockTimeout))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var entries = connection.GetAllEntriesFromHash(hash);
            if (entries is not null && entries.TryGetValue("RunId", out var owner) && owner != key.RunId
                && entries.TryGetValue("RefreshedAt", out var refreshed)
                && now - DateTime.Parse(refreshed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) < StaleAfter)
            {
                throw new RecsysException(
                    $"Run {owner} of pipeline '{key.Pipeline}' for snapshot {key.Snapshot:yyyy-MM-dd} is in progress (last stage started {refreshed}); run {key.RunId} must wait for it.");
            }

            connection.SetRangeInHash(hash, [
                new("RunId", key.RunId),
                new("RefreshedAt", now.ToString("O", CultureInfo.InvariantCulture)),
            ]);
        }
    }

    public void Release(RunKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = Hash(key.Pipeline, key.Snapshot);
        using var connection = storage.GetConnection();
        using (connection.AcquireDistributedLock(hash + ":lock", LockTimeout))
        {
            var entries = connection.GetAllEntriesFromHash(hash);
            if (entries is not null && entries.TryGetValue("RunId", out var owner) && owner == key.RunId)
            {
                using var transaction = connection.CreateWriteTransaction();
                transaction.RemoveHash(hash);
                transaction.Commit();
            }
        }
    }

    /// <summary>The run holding the lease of (pipeline, snapshot) now, if any.</summary>
    public string? Holder(string pipeline, DateOnly snapshot)
    {
        using var connection = storage.GetConnection();
        var entries = connection.GetAllEntriesFromHash(Hash(pipeline, snapshot));
        return entries is not null && entries.TryGetValue("RunId", out var owner) ? owner : null;
    }

    private static string Hash(string pipeline, DateOnly snapshot) => $"recsys:run-lease:{pipeline}:{snapshot:yyyy-MM-dd}";
}
