using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Value;

/// <summary>What the value stage leaves in the run's working store (<see cref="ValueStage.Produces"/>).</summary>
internal static class ValueArtifacts
{
    /// <summary>The fits, chosen model, predictions and tiers the scoring shards use, left by <see cref="ValueStage.PrepareAsync"/>.</summary>
    public static ArtifactKey<PreparedValue> Prepared { get; } = new("value.prepared", new PreparedValueCodec());
}
