using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>What the factorize stage leaves in the run's working store for later stages (<see cref="FactorizeStage.Produces"/>).</summary>
public static class FactorizeArtifacts
{
    /// <summary>The model trained on all events before the snapshot (the rank stage scores with it).</summary>
    public static ArtifactKey<FactorModel> Model { get; } = new("factorize.model", new FactorModelCodec());

    /// <summary>
    /// The stage's options with λ and α as it resolved them in this run ("auto": the values it chose), so the rank
    /// stage's ALS refits at its training anchors make the same kind of factors as <see cref="Model"/>.
    /// </summary>
    internal static ArtifactKey<FactorizeOptions> Options { get; } = new("factorize.options", new FactorizeOptionsCodec());

    internal static IReadOnlyList<ArtifactKey> All { get; } = [Model, Options];
}
