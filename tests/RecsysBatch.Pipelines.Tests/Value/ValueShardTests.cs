using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Tests.Features;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>
/// The value stage split into customer shards: Prepare, then three shards each restoring the prepared artifact from
/// its checkpoint bytes, publish the same rows (tiers included), metrics and notes as one unsplit run.
/// </summary>
[TestClass]
public sealed class ValueShardTests
{
    private const int Shards = 3;
    private const int HorizonDays = 28;

    [TestMethod]
    [DataRow("revenue", null)]
    [DataRow("purchase_days", """{ "model": "bgnbd" }""")]
    [DataRow("nobody_drops_out", null)]
    public void PrepareAndThreeShards_PublishWhatAnUnsplitRunDoes(string data, string? options)
    {
        using var folder = new TempFolder();
        var events = data switch
        {
            "purchase_days" => BtydSimulator.Events(customers: 800, days: 180, cohortDays: 120, seed: 7, amounts: false),
            // A degenerate BG/NBD fit (a at its bound): null p_alive and clv, flags on every row, not bgnbd.
            "nobody_drops_out" => BtydSimulator.Events(customers: 600, days: 180, cohortDays: 120, seed: 5, r: 4, alpha: 10, a: 1e-6, b: 1e4),
            _ => BtydSimulator.Events(customers: 800, days: 180, cohortDays: 120, seed: 7),
        };
        var unsplit = ValueHarness.Run(events, EventTableBuilder.Snapshot, Path.Combine(folder.Path, "unsplit"), options, HorizonDays);

        var stage = new ValueStage(NullLogger<ValueStage>.Instance);
        var prepared = ValueHarness.Context(events, EventTableBuilder.Snapshot, Path.Combine(folder.Path, "prepare"), options, HorizonDays);
        stage.PrepareAsync(prepared, CancellationToken.None).GetAwaiter().GetResult();
        Assert.IsFalse(prepared.Data.TryGetOutput(ValueTables.UserValueScores.Name, out _), "prepare publishes no customer rows");
        var checkpoint = ShardChecks.Checkpoint(ValueArtifacts.Prepared, prepared.Data.Require(ValueArtifacts.Prepared));
        var shards = new List<ShardResult>();
        for (var shard = 0; shard < Shards; shard++)
        {
            // Each shard on a "server" of its own: a fresh context with only the checkpointed artifact.
            var context = ValueHarness.Context(events, EventTableBuilder.Snapshot, Path.Combine(folder.Path, $"shard{shard}"), options, HorizonDays);
            context.Data.Set(ValueArtifacts.Prepared, ShardChecks.Restore(ValueArtifacts.Prepared, checkpoint));
            shards.Add(stage.RunShardAsync(context, shard, Shards, CancellationToken.None).GetAwaiter().GetResult());
        }

        var expected = ShardChecks.RowSet(ValueHarness.Scores(unsplit));
        var split = shards.SelectMany(s => ShardChecks.RowSet(s.Tables.Single(t => t.Name == ValueTables.UserValueScores.Name))).Order(StringComparer.Ordinal).ToList();
        Assert.IsGreaterThanOrEqualTo(600, expected.Count);
        CollectionAssert.AreEqual(expected, split, $"prepare + {Shards} shards differ from the unsplit run");
        Assert.IsTrue(shards.All(s => s.Tables.Single().RowCount > 0), "every shard has rows");
        var tiers = ValueHarness.Column<string>(ValueHarness.Scores(unsplit), ValueTables.ValueTierColumn);
        Assert.IsTrue(tiers.Contains("A") && tiers.Contains("B") && tiers.Contains("C"), "the tiers are cut");

        var merged = prepared.Data.Metrics.Concat(shards.SelectMany(s => s.Metrics))
            .GroupBy(m => (m.Stage, m.Model, m.Metric)).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        var reference = unsplit.Data.Metrics.GroupBy(m => (m.Stage, m.Model, m.Metric)).ToDictionary(g => g.Key, g => g.Single().Value);
        CollectionAssert.AreEquivalent(reference.Keys.ToList(), merged.Keys.ToList());
        foreach (var (key, value) in reference.Where(r => !r.Key.Metric.EndsWith("seconds", StringComparison.Ordinal)))
        {
            Assert.AreEqual(value, merged[key], $"{key}");
        }

        CollectionAssert.AreEqual(unsplit.Data.Notes, prepared.Data.Notes);
        Assert.IsTrue(shards.All(s => s.Notes.Count == 0));
    }

    [TestMethod]
    public void Codec_RoundTripsBitExactAndRejectsMismatchedArrays()
    {
        using var folder = new TempFolder();
        var events = BtydSimulator.Events(customers: 300, days: 180, cohortDays: 120, seed: 3);
        var context = ValueHarness.Run(events, EventTableBuilder.Snapshot, folder.Path, horizonDays: HorizonDays);
        var value = context.Data.Require(ValueArtifacts.Prepared);

        var back = ShardChecks.RoundTrip(ValueArtifacts.Prepared, value);
        Assert.AreEqual(value.BgNbd, back.BgNbd);
        Assert.AreEqual(value.GammaGamma, back.GammaGamma);
        Assert.AreEqual(BitConverter.DoubleToInt64Bits(value.FallbackSpend), BitConverter.DoubleToInt64Bits(back.FallbackSpend));
        Assert.AreEqual(value.Model, back.Model);
        CollectionAssert.AreEqual(value.UserKeys, back.UserKeys);
        CollectionAssert.AreEqual(value.Predicted.Select(BitConverter.DoubleToInt64Bits).ToList(), back.Predicted.Select(BitConverter.DoubleToInt64Bits).ToList());
        CollectionAssert.AreEqual(value.Tiers, back.Tiers);

        var broken = value with { Tiers = value.Tiers[1..] };
        Assert.ThrowsExactly<InvalidDataException>(() => ShardChecks.RoundTrip(ValueArtifacts.Prepared, broken));
    }
}
