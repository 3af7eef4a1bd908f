using RecsysBatch.Core.Tables;

namespace RecsysBatch.Core.Stages;

/// <summary>
/// A stage whose expensive part is independent per user, so a served run can split it: <see cref="PrepareAsync"/>
/// once (training, evaluation, tables not split by user), then <see cref="RunShardAsync"/> for every shard as
/// separate jobs on any server, then the shards' tables are concatenated. <see cref="IPipelineStage.RunAsync"/> must
/// write exactly what Prepare followed by the single shard (0 of 1) writes, so split and unsplit runs publish the
/// same rows.
/// </summary>
public interface IShardedStage : IPipelineStage
{
    /// <summary>Everything except the per-user part; leaves in the working store what the shards need.</summary>
    Task PrepareAsync(StageContext context, CancellationToken cancellationToken);

    /// <summary>
    /// The per-user part for the users whose dense key k has k % <paramref name="shards"/> == <paramref name="shard"/>:
    /// returns their rows of this stage's user-split tables, metrics and notes. Must not change the working store.
    /// (An <see cref="IMergingShardedStage"/> may own users otherwise, e.g. influence by cross-fit fold, and return
    /// intermediate rows its merge reads.)
    /// </summary>
    Task<ShardResult> RunShardAsync(StageContext context, int shard, int shards, CancellationToken cancellationToken);
}

/// <summary>
/// What one shard produced: rows of the stage's user-split tables (same schemas), metrics and notes. When shards are
/// merged, metrics with the same (stage, model, metric) are summed (counts, seconds, "scored on provider X" flags
/// become totals), tables concatenated, notes kept in shard order.
/// </summary>
public sealed record ShardResult(IReadOnlyList<OutputTable> Tables, IReadOnlyList<ModelMetric> Metrics, IReadOnlyList<string> Notes);

/// <summary>Which users a shard owns: dense user key k belongs to shard k % shards.</summary>
public static class UserShards
{
    /// <summary>Throws when <paramref name="shard"/> is not one of 0 .. <paramref name="shards"/> − 1.</summary>
    public static void Validate(int shard, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shards);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, shards);
    }
}
