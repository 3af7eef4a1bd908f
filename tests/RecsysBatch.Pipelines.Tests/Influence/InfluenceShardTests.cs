using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Influence;
using RecsysBatch.Pipelines.Synthetic;
using RecsysBatch.Pipelines.Tests.Ingest;
using static RecsysBatch.Pipelines.Tests.Influence.InfluenceHarness;

namespace RecsysBatch.Pipelines.Tests.Influence;

/// <summary>
/// The influence stage with its cross-fit folds split into shards, each on a fresh context (its own MLContext, as on
/// another server): Prepare, three shards fitting folds {0, 3}, {1, 4} and {2}, and the merge publish the very rows
/// (bit-identical coefficients), metrics and notes of one unsplit run.
/// </summary>
[TestClass]
public sealed class InfluenceShardTests
{
    private const int Shards = 3;

    [TestMethod]
    [DataRow(null)]
    [DataRow("""{ "nuisance": "auto" }""")]
    [DataRow("""{ "nuisance": "fasttree", "adjustForOtherBehaviors": true }""")]
    public void PrepareThreeShardsAndMerge_PublishWhatAnUnsplitRunDoes(string? options)
    {
        using var folder = new TempFolder();
        var (events, snapshot) = Events(folder.Path);
        var unsplit = Run(events, snapshot, Path.Combine(folder.Path, "unsplit"), options);

        var stage = new InfluenceStage(NullLogger<InfluenceStage>.Instance);
        var merged = Context(events, snapshot, Path.Combine(folder.Path, "merge"), options);
        stage.PrepareAsync(merged, CancellationToken.None).GetAwaiter().GetResult();
        var shards = Split(stage, events, snapshot, folder.Path, options);
        stage.MergeAsync(merged, shards, CancellationToken.None).GetAwaiter().GetResult();

        Assert.IsTrue(shards.All(s => s.Tables.Single(t => t.Name == "influence_fold_predictions").RowCount > 0), "every shard fitted folds");
        CollectionAssert.AreEquivalent(InfluenceTables.All.Select(t => t.Name).ToList(), merged.Data.Outputs.Select(t => t.Name).ToList(), "the fold tables are not published");
        foreach (var schema in InfluenceTables.All)
        {
            var expected = Cells(Table(unsplit, schema));
            Assert.IsGreaterThan(10, expected.Count, schema.Name);
            CollectionAssert.AreEqual(expected, Cells(Table(merged, schema)), $"{schema.Name}: prepare + {Shards} shards + merge differ from the unsplit run");
        }

        Assert.IsTrue(Table(unsplit, InfluenceTables.Coefficients).Column<double>("estimate").Values.Any(double.IsFinite), "some effect was estimated");
        CollectionAssert.AreEqual(unsplit.Data.Metrics.Where(m => !m.Metric.EndsWith("seconds", StringComparison.Ordinal)).ToList(), merged.Data.Metrics);
        CollectionAssert.AreEqual(unsplit.Data.Notes, merged.Data.Notes);
    }

    [TestMethod]
    public void Merge_ShardMissing_ThrowsNamingTheFolds()
    {
        using var folder = new TempFolder();
        var (events, snapshot) = Events(folder.Path);
        var stage = new InfluenceStage(NullLogger<InfluenceStage>.Instance);
        var shards = Split(stage, events, snapshot, folder.Path, null);
        var merged = Context(events, snapshot, Path.Combine(folder.Path, "merge"));

        var error = Assert.ThrowsExactly<RecsysException>(() => stage.MergeAsync(merged, shards.Take(2).ToList(), CancellationToken.None).GetAwaiter().GetResult());

        StringAssert.Contains(error.Message, "a shard's folds are missing");
        Assert.IsEmpty(merged.Data.Outputs);
    }

    private static (EventTable Events, DateOnly Snapshot) Events(string folder)
    {
        SyntheticGenerator.Generate(new SyntheticOptions { Seed = 5, Users = 800 }, folder);
        var ingested = IngestHarness.Run("canonical", Path.Combine(folder, SyntheticGenerator.EventsFileName));
        return (ingested.Data.RequireEvents(), ingested.SnapshotDate);
    }

    private static List<ShardResult> Split(InfluenceStage stage, EventTable events, DateOnly snapshot, string folder, string? options) =>
        [.. Enumerable.Range(0, Shards).Select(shard =>
            stage.RunShardAsync(Context(events, snapshot, Path.Combine(folder, $"shard{shard}"), options), shard, Shards, CancellationToken.None).GetAwaiter().GetResult())];

    /// <summary>Every cell in row order, doubles round-trippable, so any difference shows.</summary>
    private static List<string> Cells(OutputTable table) =>
        [.. Enumerable.Range(0, table.RowCount).Select(r => string.Join('|', table.Columns.Select(c => c.GetValue(r) switch
        {
            null => "NULL",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            var value => Convert.ToString(value, CultureInfo.InvariantCulture),
        })))];
}
