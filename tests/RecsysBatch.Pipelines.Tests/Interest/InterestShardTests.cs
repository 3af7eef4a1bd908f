using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Interest;
using RecsysBatch.Pipelines.Tests.Features;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Interest;

/// <summary>
/// The interest stage split into user shards: Prepare, then three shards each restoring the prepared artifact from
/// its checkpoint bytes, publish the same rows and metrics as one unsplit run.
/// </summary>
[TestClass]
public sealed class InterestShardTests
{
    private const int Shards = 3;

    [TestMethod]
    [DataRow(null)]
    [DataRow("""{ "maxTrainingRows": 3000 }""")]
    public void PrepareAndThreeShards_PublishWhatAnUnsplitRunDoes(string? options)
    {
        using var folder = new TempFolder();
        var events = SyntheticEvents.Create(users: 150, items: 60, categories: 12, events: 9000, seed: 5);
        var unsplit = InterestHarness.Run(events, EventTableBuilder.Snapshot, Path.Combine(folder.Path, "unsplit"), options);

        var stage = new InterestStage(NullLogger<InterestStage>.Instance);
        var prepared = InterestHarness.Context(events, EventTableBuilder.Snapshot, Path.Combine(folder.Path, "prepare"), options);
        stage.PrepareAsync(prepared, CancellationToken.None).GetAwaiter().GetResult();
        var checkpoint = ShardChecks.Checkpoint(InterestArtifacts.Prepared, prepared.Data.Require(InterestArtifacts.Prepared));
        var shards = new List<ShardResult>();
        for (var shard = 0; shard < Shards; shard++)
        {
            // Each shard on a "server" of its own: a fresh context with only the checkpointed artifact.
            var context = InterestHarness.Context(events, EventTableBuilder.Snapshot, Path.Combine(folder.Path, $"shard{shard}"), options);
            context.Data.Set(InterestArtifacts.Prepared, ShardChecks.Restore(InterestArtifacts.Prepared, checkpoint));
            shards.Add(stage.RunShardAsync(context, shard, Shards, CancellationToken.None).GetAwaiter().GetResult());
        }

        Assert.IsNotNull(prepared.Data.Require(InterestArtifacts.Prepared).Model, "a model was trained");
        foreach (var schema in InterestTables.All)
        {
            var expected = ShardChecks.RowSet(Output(unsplit, schema));
            var split = shards.SelectMany(s => ShardChecks.RowSet(s.Tables.Single(t => t.Name == schema.Name))).Order(StringComparer.Ordinal).ToList();
            Assert.IsGreaterThan(100, expected.Count, schema.Name);
            CollectionAssert.AreEqual(expected, split, $"{schema.Name}: prepare + {Shards} shards differ from the unsplit run");
            Assert.IsTrue(shards.All(s => s.Tables.Single(t => t.Name == schema.Name).RowCount > 0), $"{schema.Name}: every shard has rows");
        }

        var merged = prepared.Data.Metrics.Concat(shards.SelectMany(s => s.Metrics))
            .GroupBy(m => (m.Stage, m.Model, m.Metric)).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        var reference = unsplit.Data.Metrics.ToDictionary(m => (m.Stage, m.Model, m.Metric), m => m.Value);
        CollectionAssert.AreEquivalent(reference.Keys.ToList(), merged.Keys.ToList());
        foreach (var (key, value) in reference)
        {
            Assert.AreEqual(value, merged[key], $"{key}");
        }

        CollectionAssert.AreEqual(unsplit.Data.Notes, prepared.Data.Notes);
    }

    [TestMethod]
    public void ScoringBlocks_SameRowsInTheSameOrderAndSameMetricsAsOneBlock()
    {
        // An unsplit run scores, and evaluates the held-out window of, contiguous blocks of users (option
        // scoringBlockUsers) to bound its memory: 150 users in blocks of 7 give the same rows and the same held-out
        // NDCG/Recall to the last bit as one block.
        using var folder = new TempFolder();
        var events = SyntheticEvents.Create(users: 150, items: 60, categories: 12, events: 9000, seed: 5);
        var whole = InterestHarness.Run(events, EventTableBuilder.Snapshot, Path.Combine(folder.Path, "whole"));
        var blocks = InterestHarness.Run(events, EventTableBuilder.Snapshot, Path.Combine(folder.Path, "blocks"), """{ "scoringBlockUsers": 7 }""");

        foreach (var schema in InterestTables.All)
        {
            var expected = Output(whole, schema);
            var actual = Output(blocks, schema);
            Assert.IsGreaterThan(100, expected.RowCount, schema.Name);
            Assert.AreEqual(expected.RowCount, actual.RowCount, schema.Name);
            for (var c = 0; c < expected.Columns.Count; c++)
            {
                for (var r = 0; r < expected.RowCount; r++)
                {
                    Assert.AreEqual(expected.Columns[c].GetValue(r), actual.Columns[c].GetValue(r), $"{schema.Name}.{schema.DataColumns[c].Name} row {r}");
                }
            }
        }

        Assert.IsTrue(whole.Data.Metrics.Any(m => m.Metric == "ndcg@5" && m.Value > 0), "the held-out metrics are compared");
        CollectionAssert.AreEqual(
            whole.Data.Metrics.Where(m => !m.Metric.EndsWith("seconds", StringComparison.Ordinal)).ToList(),
            blocks.Data.Metrics.Where(m => !m.Metric.EndsWith("seconds", StringComparison.Ordinal)).ToList());
    }

    [TestMethod]
    public void MaxTrainingRows_TrainsOnWholeUsersUnderTheCapAndSaysSo()
    {
        using var folder = new TempFolder();
        var events = SyntheticEvents.Create(users: 150, items: 60, categories: 12, events: 9000, seed: 5);
        var all = InterestHarness.Run(events, EventTableBuilder.Snapshot, Path.Combine(folder.Path, "all"));
        var capped = InterestHarness.Run(events, EventTableBuilder.Snapshot, Path.Combine(folder.Path, "capped"), """{ "maxTrainingRows": 3000 }""");

        var available = InterestHarness.Metric(all, NextWindowModel.Name, "train_rows");
        Assert.AreEqual(available, InterestHarness.Metric(all, NextWindowModel.Name, "train_rows_available"));
        Assert.AreEqual(available, InterestHarness.Metric(capped, NextWindowModel.Name, "train_rows_available"));
        var used = InterestHarness.Metric(capped, NextWindowModel.Name, "train_rows");
        Assert.IsGreaterThanOrEqualTo(3000, used);
        Assert.IsLessThan(available, used);
        StringAssert.Contains(capped.Data.Notes.Single(), string.Create(CultureInfo.InvariantCulture, $"model trained on {used} of {available} rows"));
    }
}
