using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Features;

// PLACEHOLDER: being written now; replaced by the real stage before this lands.
internal sealed class FeaturizeStage : IPipelineStage
{
    public string Name => "featurize";

    public IReadOnlyList<TableSchema> OutputTables => [];

    public string? CannotApplyReason(StageContext context) => null;

    public Task RunAsync(StageContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
}
