using RecsysBatch.Core.Tables;

namespace RecsysBatch.Core.Stages;

/// <summary>
/// One thing a stage reads from the run's working store that an earlier stage leaves there: an artifact
/// (<see cref="ArtifactKey"/>) or a table another stage produced (<see cref="TableSchema"/>). Declared in
/// <see cref="IPipelineStage.Consumes"/>; a <see cref="Required"/> input must be made by a stage enabled earlier in
/// the pipeline file (<see cref="StageOrder"/>), an optional one is used when it is there.
/// </summary>
public sealed class StageInput
{
    private StageInput(ArtifactKey? artifact, TableSchema? table, bool required)
    {
        Artifact = artifact;
        Table = table;
        Required = required;
    }

    /// <summary>The artifact read, or null when the input is a table.</summary>
    public ArtifactKey? Artifact { get; }

    /// <summary>The table read, or null when the input is an artifact.</summary>
    public TableSchema? Table { get; }

    public bool Required { get; }

    /// <summary>The artifact's name ("factorize.model") or the table's ("candidates").</summary>
    public string Name => Artifact?.Name ?? Table!.Name;

    /// <summary>"factorize.model" or "table candidates", for messages.</summary>
    public string Describe() => Artifact is not null ? Artifact.Name : $"table {Table!.Name}";

    /// <summary>The stage cannot run without this artifact (it uses <see cref="RunData.Require{T}"/>).</summary>
    public static StageInput Requires(ArtifactKey artifact) => new(artifact ?? throw new ArgumentNullException(nameof(artifact)), null, required: true);

    /// <summary>The stage cannot run without this table of an earlier stage.</summary>
    public static StageInput Requires(TableSchema table) => new(null, table ?? throw new ArgumentNullException(nameof(table)), required: true);

    /// <summary>The stage uses this artifact when an earlier stage made it, and does without otherwise.</summary>
    public static StageInput Optional(ArtifactKey artifact) => new(artifact ?? throw new ArgumentNullException(nameof(artifact)), null, required: false);

    /// <summary>The stage uses this table when an earlier stage made it, and does without otherwise.</summary>
    public static StageInput Optional(TableSchema table) => new(null, table ?? throw new ArgumentNullException(nameof(table)), required: false);

    /// <summary>Whether <paramref name="stage"/> makes this input (an artifact it produces, a table it publishes).</summary>
    public bool IsMadeBy(IPipelineStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return Artifact is not null
            ? stage.Produces.Any(p => p.Name == Artifact.Name)
            : stage.OutputTables.Any(t => t.Name == Table!.Name);
    }

    public override string ToString() => (Required ? "requires " : "optional ") + Describe();
}
