using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>What the interest stage leaves in the run's working store (<see cref="InterestStage.Produces"/>).</summary>
internal static class InterestArtifacts
{
    /// <summary>The model and snapshot population the scoring shards use, left by <see cref="InterestStage.PrepareAsync"/>.</summary>
    public static ArtifactKey<PreparedInterest> Prepared { get; } = new("interest.prepared", new PreparedInterestCodec());
}
