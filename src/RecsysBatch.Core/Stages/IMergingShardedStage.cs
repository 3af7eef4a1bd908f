namespace RecsysBatch.Core.Stages;

/// <summary>
/// A sharded stage whose shards do not produce its published rows but intermediate ones (e.g. the out-of-fold
/// predictions of cross-fit folds) that only all shards together turn into the stage's tables. The fan-in then calls
/// <see cref="MergeAsync"/> with every shard's result instead of concatenating tables and summing metrics. The
/// shards' tables travel through the shard checkpoints like any table but are never published: only what
/// MergeAsync leaves in the working store is. <see cref="IPipelineStage.RunAsync"/> must write exactly what Prepare,
/// the single shard (0 of 1) and MergeAsync write.
/// </summary>
public interface IMergingShardedStage : IShardedStage
{
    /// <summary>
    /// Combines <paramref name="shards"/> (every shard's result, in shard order) into the stage's outputs, metrics
    /// and notes in the working store of <paramref name="context"/> (the one Prepare left).
    /// </summary>
    Task MergeAsync(StageContext context, IReadOnlyList<ShardResult> shards, CancellationToken cancellationToken);
}
