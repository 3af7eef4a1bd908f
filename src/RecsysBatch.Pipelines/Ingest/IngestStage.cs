using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ingest;

// PLACEHOLDER: being written now; replaced by the real stage before this lands.
internal sealed class IngestStage : IPipelineStage
{
    public string Name => "ingest";

    public IReadOnlyList<TableSchema> OutputTables => [];

    public string? CannotApplyReason(StageContext context) => null;

    public Task RunAsync(StageContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
}
