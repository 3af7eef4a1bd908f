using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>What the rank stage leaves in the run's working store (<see cref="RankStage.Produces"/>).</summary>
public static class RankArtifacts
{
    /// <summary>The model and champion the scoring shards use, left by <see cref="RankStage.PrepareAsync"/>.</summary>
    public static ArtifactKey<PreparedRanker> Prepared { get; } = new("rank.prepared", new PreparedRankerCodec());
}
