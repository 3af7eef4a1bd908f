using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Cli.Tests;

/// <summary>A test stage that fails with a bug-like exception, to show that a failing stage publishes nothing.</summary>
internal sealed class ExplodingStage : IPipelineStage
{
    public string Name => "exploding";

    public IReadOnlyList<TableSchema> OutputTables => [];

    public string? CannotApplyReason(StageContext context) => null;

    public Task RunAsync(StageContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("boom in stage");
}
