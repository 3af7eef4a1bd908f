using RecsysBatch.Core;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// The steps of a stage split into shards (served runs only): its preparation, one step per shard, and the fan-in that
/// merges the shards' rows into the stage's checkpoint, so the next stages see exactly what an unsplit run leaves.
/// </summary>
public sealed partial class PipelineRunner
{
    private const string ShardCheckpoint = "shard";

    /// <summary>
    /// The first part of a stage split into shards (<see cref="IShardedStage.PrepareAsync"/>), checkpointed as
    /// "STAGE.prepare". A stage that does not apply is skipped here for good (its own checkpoint is written).
    /// </summary>
    public Task PrepareShardedStageAsync(string runId, string stageName, CancellationToken cancellationToken) =>
        PrepareShardedStageAsync(runId, stageName, null, cancellationToken);

    /// <summary><see cref="PrepareShardedStageAsync(string, string, CancellationToken)"/>, telling <paramref name="progress"/> how far it got.</summary>
    public async Task PrepareShardedStageAsync(string runId, string stageName, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var session = OpenSession(runId, progress);
        var checkpoint = PrepareCheckpoint(stageName);
        if (session.Has(checkpoint) || session.Has(stageName))
        {
            return;
        }

        var definition = session.Pipeline.Stages.First(s => s.Name == stageName && s.Enabled);
        await WatchedAsync(stageName, session.Context, async token =>
        {
            await ExecuteStageAsync(session.Context, definition, _stages[stageName], session.Reports, token, prepareOnly: true);
            return true;
        }, cancellationToken);
        session.Save(session.Reports[^1].Outcome == StageReport.Skipped ? stageName : checkpoint);
    }

    /// <summary>One shard of a split stage: its rows are kept in the run folder's shards until the fan-in merges them.</summary>
    public Task RunShardAsync(string runId, string stageName, int shard, int shards, CancellationToken cancellationToken) =>
        RunShardAsync(runId, stageName, shard, shards, null, cancellationToken);

    /// <summary><see cref="RunShardAsync(string, string, int, int, CancellationToken)"/>, telling <paramref name="progress"/> how far it got.</summary>
    public async Task RunShardAsync(string runId, string stageName, int shard, int shards, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var session = OpenSession(runId, progress);
        var shardStore = session.Folder.OpenShardCheckpoints(stageName, shard, shards, _artifacts);
        if (session.Has(stageName) || shardStore.Has(ShardCheckpoint))
        {
            return;
        }

        if (!session.Has(PrepareCheckpoint(stageName)))
        {
            throw new RecsysException($"Run {runId}: shard {shard + 1} of {shards} of stage '{stageName}' cannot start before its preparation has a checkpoint.");
        }

        var context = session.Context;
        context.Stage = session.Pipeline.Stages.First(s => s.Name == stageName && s.Enabled);
        var result = await WatchedAsync($"{stageName} (shard {shard + 1} of {shards})", context,
            token => ((IShardedStage)_stages[stageName]).RunShardAsync(context, shard, shards, token), cancellationToken);
        var part = NewShardContext(session, context.SnapshotDate);
        foreach (var table in result.Tables)
        {
            part.Data.AddOutput(table);
        }

        part.Data.Metrics.AddRange(result.Metrics);
        part.Data.Notes.AddRange(result.Notes);
        shardStore.Save(ShardCheckpoint, part);
    }

    /// <summary>True when every shard of the split stage has its rows (or the stage was skipped, or merged already).</summary>
    public bool ShardsDone(string runId, string stageName, int shards)
    {
        var folder = Folder(runId);
        return folder.OpenCheckpoints(_artifacts).Has(stageName)
            || Enumerable.Range(0, shards).All(k => folder.OpenShardCheckpoints(stageName, k, shards, _artifacts).Has(ShardCheckpoint));
    }

    /// <summary>
    /// Merges the shards of a split stage in shard order and checkpoints the stage: tables concatenated, metrics with
    /// the same key summed, notes kept; or, for an <see cref="IMergingShardedStage"/>, whatever its MergeAsync makes
    /// of the shards' results (their intermediate tables are not kept).
    /// </summary>
    public Task FanInAsync(string runId, string stageName, int shards, CancellationToken cancellationToken) =>
        FanInAsync(runId, stageName, shards, null, cancellationToken);

    /// <summary><see cref="FanInAsync(string, string, int, CancellationToken)"/>, telling <paramref name="progress"/> how far it got.</summary>
    public async Task FanInAsync(string runId, string stageName, int shards, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var session = OpenSession(runId, progress);
        if (session.Has(stageName))
        {
            return;
        }

        var context = session.Context;
        var results = new List<ShardResult>();
        for (var k = 0; k < shards; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var part = NewShardContext(session, context.SnapshotDate);
            var shardStore = session.Folder.OpenShardCheckpoints(stageName, k, shards, _artifacts);
            if (!shardStore.Has(ShardCheckpoint))
            {
                throw new RecsysException($"Run {runId}: shard {k + 1} of {shards} of stage '{stageName}' has no rows yet; the fan-in must wait for every shard.");
            }

            shardStore.Restore(part);
            results.Add(new ShardResult([.. part.Data.Outputs], [.. part.Data.Metrics], [.. part.Data.Notes]));
        }

        if (_stages[stageName] is IMergingShardedStage merging)
        {
            context.Stage = session.Pipeline.Stages.First(s => s.Name == stageName && s.Enabled);
            await WatchedAsync($"{stageName} (merge of {shards} shards)", context, async token =>
            {
                await merging.MergeAsync(context, results, token);
                return true;
            }, cancellationToken);
        }
        else
        {
            Concatenate(context, results);
        }

        context.Data.Metrics.Add(new ModelMetric(stageName, "shards", "count", shards));
        session.Save(stageName);
    }

    /// <summary>The default fan-in: tables concatenated in shard order, metrics with the same key summed, notes kept.</summary>
    private static void Concatenate(StageContext context, List<ShardResult> results)
    {
        foreach (var result in results)
        {
            context.Data.Notes.AddRange(result.Notes);
        }

        foreach (var group in results.SelectMany(r => r.Tables).GroupBy(t => t.Name, StringComparer.Ordinal))
        {
            context.Data.AddOutput(OutputTable.Concat([.. group]));
        }

        foreach (var group in results.SelectMany(r => r.Metrics).GroupBy(m => (m.Stage, m.Model, m.Metric)))
        {
            context.Data.Metrics.Add(group.First() with { Value = group.Sum(m => m.Value) });
        }
    }

    private static string PrepareCheckpoint(string stage) => stage + ".prepare";

    /// <summary>An empty working store for one shard's rows.</summary>
    private StageContext NewShardContext(RunSession session, DateOnly snapshot) =>
        new(session.Manifest.RunId, session.Pipeline, snapshot, options.Value.Seed, session.Folder.Path, new RunData()) { ClockUtc = session.Manifest.StartedAt };
}
