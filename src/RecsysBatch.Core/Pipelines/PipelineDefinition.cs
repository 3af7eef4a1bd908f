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

    /// <summary>SHA-256 (lower-case hex) of the file's text as read, before command-line overrides; null when not read from a file.</summary>
    public string? FileSha256 { get; init; }

    /// <summary>The command-line overrides applied to the file (e.g. "--set rank.topN=5"), for the run's recorded configuration.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];
}
