namespace RecsysBatch.Core.Pipelines;

/// <summary>A pipeline file (pipelines/*.pipeline.json) after schema validation; source paths are absolute.</summary>
public sealed record PipelineDefinition
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The file it was read from (absolute path).</summary>
    public required string FilePath { get; init; }

    /// <summary>Prediction horizon H in days: scoring predicts [snapshot, snapshot + H), training labels [snapshot - H, snapshot).</summary>
    public int HorizonDays { get; init; } = 7;

    public required IReadOnlyList<SourceSpec> Sources { get; init; }

    public required IReadOnlyList<StageDefinition> Stages { get; init; }
}
