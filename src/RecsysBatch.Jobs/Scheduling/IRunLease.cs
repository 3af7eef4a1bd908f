using RecsysBatch.Jobs.Runs;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// Keeps two runs of the same (pipeline, snapshot date) from executing at once. A run takes it as soon as its snapshot
/// date is known (taking it again refreshes it) and releases it when it has published or failed for good. Registered
/// by composition: the served runs' storage in `recsys serve`, the same storage for `recsys run` when it is shared
/// (PostgreSQL), else <see cref="NoRunLease"/>.
/// </summary>
public interface IRunLease
{
    /// <summary>Takes or refreshes the lease for <paramref name="key"/>'s run; a <see cref="Core.RecsysException"/> naming the holder when another live run holds it.</summary>
    void Acquire(RunKey key);

    /// <summary>Releases the lease if <paramref name="key"/>'s run holds it.</summary>
    void Release(RunKey key);
}
