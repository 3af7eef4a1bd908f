using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Tests.Features;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>
/// The factorize stage split by user (issue 17): Prepare once, then three shards on a fresh working store that only
/// has the events and Prepare's artifacts (round-tripped through their codecs, as on another server); together they
/// publish the rows and summed metrics of the unsplit run.
/// </summary>
[TestClass]
public sealed class FactorizeShardTests
{
    private const string Options = """{ "topK": 10, "similarUsers": 5 }""";

    [TestMethod]
    public async Task PrepareAndThreeShards_PublishWhatTheUnsplitRunDoes()
    {
        var events = PlantedEvents.Create(seed: 9);
        var unsplit = FactorizeHarness.RunFactorize(events, Options);
        var stage = new FactorizeStage(NullLogger<FactorizeStage>.Instance);
        var prepared = StageHarness.Context(FactorizeStage.StageName, events, EventTableBuilder.Snapshot, Path.GetTempPath(), Options, horizonDays: 7);
        await stage.PrepareAsync(prepared, CancellationToken.None);

        var tables = new List<OutputTable>();
        var metrics = new List<ModelMetric>(prepared.Data.Metrics);
        for (var shard = 0; shard < 3; shard++)
        {
            var server = StageHarness.Context(FactorizeStage.StageName, events, EventTableBuilder.Snapshot, Path.GetTempPath(), Options, horizonDays: 7);
            server.Data.Set(FactorizeArtifacts.Model, ShardChecks.RoundTrip(FactorizeArtifacts.Model, prepared.Data.Require(FactorizeArtifacts.Model)));
            server.Data.Set(FactorizeArtifacts.Options, ShardChecks.RoundTrip(FactorizeArtifacts.Options, prepared.Data.Require(FactorizeArtifacts.Options)));
            var result = await stage.RunShardAsync(server, shard, 3, CancellationToken.None);
            Assert.IsEmpty(server.Data.Outputs, "a shard returns its rows and leaves the working store alone");
            tables.AddRange(result.Tables);
            metrics.AddRange(result.Metrics);
        }

        foreach (var schema in FactorizeTables.All)
        {
            var expected = ShardChecks.RowSet(FeaturizeHarness.Output(unsplit, schema));
            Assert.IsNotEmpty(expected, $"{schema.Name} has rows");
            var parts = tables.Where(t => t.Name == schema.Name).Concat(prepared.Data.Outputs.Where(t => t.Name == schema.Name)).ToList();
            Assert.HasCount(schema == FactorizeTables.UserFactors || schema == FactorizeTables.ItemFactors ? 1 : 3, parts, schema.Name);
            CollectionAssert.AreEqual(expected, ShardChecks.RowSet(OutputTable.Concat(parts)), $"{schema.Name}: prepare + 3 shards differ from the unsplit run");
        }

        // Same metric keys; equal values except seconds (summed over shards by the runner).
        var summed = metrics.GroupBy(m => (m.Stage, m.Model, m.Metric)).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.HasCount(unsplit.Data.Metrics.Count, summed);
        foreach (var m in unsplit.Data.Metrics.Where(m => !m.Metric.EndsWith("_seconds", StringComparison.Ordinal)))
        {
            Assert.AreEqual(m.Value, summed[(m.Stage, m.Model, m.Metric)], $"{m.Model} {m.Metric}");
        }
    }
}
