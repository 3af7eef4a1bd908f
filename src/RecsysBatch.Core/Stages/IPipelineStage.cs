using RecsysBatch.Core.Tables;

namespace RecsysBatch.Core.Stages;

/// <summary>
/// The stage contract. The runner finds stages by <see cref="Name"/> among the registered implementations,
/// so a new stage plugs in by registering one class; the runner does not change.
/// A stage reads and writes the run's working store (<see cref="StageContext.Data"/>), never published tables.
/// </summary>
public interface IPipelineStage
{
    /// <summary>The name used in pipeline files.</summary>
    string Name { get; }

    /// <summary>Tables this stage publishes; their snapshot rows are replaced even when the stage is skipped.</summary>
    IReadOnlyList<TableSchema> OutputTables { get; }

    /// <summary>Artifacts this stage leaves in the working store for later stages (<see cref="RunData.Set{T}(ArtifactKey{T}, T)"/>).</summary>
    IReadOnlyList<ArtifactKey> Produces => [];

    /// <summary>
    /// What this stage reads that earlier stages leave: artifacts and other stages' tables, each required or optional.
    /// A pipeline file that enables a stage without an earlier enabled stage making each required input is invalid
    /// (<see cref="StageOrder"/>). None by default.
    /// </summary>
    IReadOnlyList<StageInput> Consumes => [];

    /// <summary>Null when the stage applies to this run's data, else why not (the run then skips it with that note).</summary>
    string? CannotApplyReason(StageContext context);

    /// <summary>
    /// Checks of this stage's hold-out figures that the runner applies before publish (<see cref="QualityGate"/>): a model
    /// that loses to its baseline, sits at a bound, or rests on too few positives gets one warning line. None by default.
    /// </summary>
    IReadOnlyList<QualityRule> QualityRules => [];

    /// <summary>Runs the stage; throws on failure (a <see cref="RecsysException"/> for errors a user can act on).</summary>
    Task RunAsync(StageContext context, CancellationToken cancellationToken);
}
