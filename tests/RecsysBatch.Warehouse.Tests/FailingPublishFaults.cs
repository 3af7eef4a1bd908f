using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>Fails every publish inside its transaction (after the old snapshot is deleted and the first table written).</summary>
internal sealed class FailingPublishFaults : IFaultHooks
{
    public const string Message = "injected fault inside the publish transaction";

    public int Calls { get; private set; }

    public Task BeforeStageAsync(StageContext context, string stage, CancellationToken cancellationToken) => Task.CompletedTask;

    public void InsidePublishTransaction()
    {
        Calls++;
        throw new InvalidOperationException(Message);
    }
}
