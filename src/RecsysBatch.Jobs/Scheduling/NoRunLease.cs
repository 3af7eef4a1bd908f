using RecsysBatch.Jobs.Runs;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>The lease where no other process could see one (no shared storage): takes and releases nothing.</summary>
public sealed class NoRunLease : IRunLease
{
    public void Acquire(RunKey key)
    {
    }

    public void Release(RunKey key)
    {
    }
}
