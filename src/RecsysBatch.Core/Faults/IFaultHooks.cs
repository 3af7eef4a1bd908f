using RecsysBatch.Core.Stages;

namespace RecsysBatch.Core.Faults;

/// <summary>
/// The points where tests make a run fail or pause, to exercise retries, resumes and kills at a known moment. The
/// composition registers <see cref="NoFaultHooks"/> unless something else is registered first; tests register their
/// own implementation. Nothing in Core reads the environment for faults.
/// </summary>
public interface IFaultHooks
{
    /// <summary>Called before a stage runs (after its progress is reported at 0); throws to fail the attempt.</summary>
    Task BeforeStageAsync(StageContext context, string stage, CancellationToken cancellationToken);

    /// <summary>Called inside a warehouse's publish transaction, after the old snapshot is deleted and the first table written.</summary>
    void InsidePublishTransaction();
}
