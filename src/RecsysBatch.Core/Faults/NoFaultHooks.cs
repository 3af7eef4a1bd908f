using RecsysBatch.Core.Stages;

namespace RecsysBatch.Core.Faults;

/// <summary>The production hooks: no fault anywhere.</summary>
public sealed class NoFaultHooks : IFaultHooks
{
    public static NoFaultHooks Instance { get; } = new();

    public Task BeforeStageAsync(StageContext context, string stage, CancellationToken cancellationToken) => Task.CompletedTask;

    public void InsidePublishTransaction()
    {
    }
}
