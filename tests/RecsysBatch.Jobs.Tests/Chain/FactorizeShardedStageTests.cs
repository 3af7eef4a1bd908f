using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Jobs.Tests.Chain;

/// <summary>
/// The factorize stage split into user shards ("shards": 3): preparation (search, hold-out, training, factors), three
/// shard jobs for candidates and similar users, the fan-in, then rank on the merged candidates; the published tables
/// equal an unsplit in-process run.
/// </summary>
[TestClass]
public sealed class FactorizeShardedStageTests
{
    private const string Stages = """
        { "name": "ingest" }, { "name": "featurize" }, { "name": "factorize", "shards": 3 },
        { "name": "rank", "options": { "maxEpochs": 4 } }
        """;

    private static readonly DateOnly Snapshot = new(2026, 10, 31);
    private static readonly int[] ShardNumbers = [1, 2, 3];

    [TestMethod]
    public async Task The_factorize_stage_split_into_three_shards_publishes_what_an_unsplit_run_does()
    {
        using var harness = new ChainHarness();
        var pipeline = harness.WritePipeline("factorize-sharded", Stages);
        RunChain.Trigger(harness.Client, ChainHarness.Launch(pipeline, Snapshot, retries: 0));
        var run = (await harness.WaitForRunsAsync("factorize-sharded", Snapshot, r => r.Any(x => x.Status != RunStatus.Running), TimeSpan.FromSeconds(240))).Single();
        Assert.AreEqual(RunStatus.Succeeded, run.Status, run.Error);

        var jobs = await harness.WaitForSucceededJobsAsync(j =>
            j.Count(x => x.Value.Job.Method.Name == "ShardAsync") == ShardNumbers.Length && j.Any(x => x.Value.Job.Method.Name == "PublishAsync"));
        var shardJobs = jobs.Where(j => j.Value.Job.Method.Name == "ShardAsync").Select(j => (int)j.Value.Job.Args[3]).Order().ToList();
        CollectionAssert.AreEqual(ShardNumbers, shardJobs);
        Assert.AreEqual(1, jobs.Count(j => j.Value.Job.Method.Name == "FanInAsync"), "one fan-in, enqueued by the last shard");
        StringAssert.Contains(run.Notes, "(shard 3 of 3)");

        var reference = "duckdb:" + harness.Folder.File("unsplit.duckdb");
        var runner = harness.Services.GetRequiredService<PipelineRunner>();
        var unsplit = await runner.RunAsync(new RunRequest(pipeline) { AsOf = Snapshot, Warehouse = reference }, null, CancellationToken.None);
        Assert.AreEqual(RunStatus.Succeeded, unsplit.Status, unsplit.Error);
        foreach (var table in new[] { "candidates", "similar_users", "user_factors", "item_factors", "recommendations" })
        {
            var expected = ChainHarness.Rows(reference, table, Snapshot);
            Assert.IsTrue(expected.Count > 0, $"{table} has rows");
            CollectionAssert.AreEqual(expected, ChainHarness.Rows(harness.Warehouse, table, Snapshot), $"{table}: split run differs from the unsplit run");
        }
    }
}
