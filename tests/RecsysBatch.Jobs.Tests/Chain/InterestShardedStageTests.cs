using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Jobs.Tests.Chain;

/// <summary>
/// The interest stage split into user shards ("shards": 3): preparation (training, held-out evaluation, the
/// checkpointed model and population), three shard jobs on the Hangfire server, the fan-in enqueued by the last shard,
/// then publication; the published tables equal an unsplit in-process run.
/// </summary>
[TestClass]
public sealed class InterestShardedStageTests
{
    private const string Stages = """
        { "name": "ingest" }, { "name": "interest", "shards": 3 }
        """;

    private static readonly DateOnly Snapshot = new(2026, 10, 31);
    private static readonly int[] ShardNumbers = [1, 2, 3];

    [TestMethod]
    public async Task An_interest_stage_split_into_three_shards_publishes_what_an_unsplit_run_does()
    {
        using var harness = new ChainHarness();
        var pipeline = harness.WritePipeline("sharded-interest", Stages);
        RunChain.Trigger(harness.Client, ChainHarness.Launch(pipeline, Snapshot, retries: 0));
        var run = (await harness.WaitForRunsAsync("sharded-interest", Snapshot, r => r.Any(x => x.Status != RunStatus.Running), TimeSpan.FromSeconds(240))).Single();
        Assert.AreEqual(RunStatus.Succeeded, run.Status, run.Error);

        var jobs = await harness.WaitForSucceededJobsAsync(j =>
            j.Count(x => x.Value.Job.Method.Name == "ShardAsync") == ShardNumbers.Length && j.Any(x => x.Value.Job.Method.Name == "PublishAsync"));
        var shardJobs = jobs.Where(j => j.Value.Job.Method.Name == "ShardAsync").Select(j => (int)j.Value.Job.Args[3]).Order().ToList();
        CollectionAssert.AreEqual(ShardNumbers, shardJobs);
        Assert.AreEqual(1, jobs.Count(j => j.Value.Job.Method.Name == "FanInAsync"), "one fan-in, enqueued by the last shard");
        Assert.AreEqual(1, jobs.Count(j => j.Value.Job.Method.Name == "PublishAsync"));
        StringAssert.Contains(run.Notes, "interest: next window 7 d; model trained on", "the preparation's note with its held-out figures");

        var reference = "duckdb:" + harness.Folder.File("unsplit.duckdb");
        var runner = harness.Services.GetRequiredService<PipelineRunner>();
        var unsplit = await runner.RunAsync(new RunRequest(pipeline) { AsOf = Snapshot, Warehouse = reference }, null, CancellationToken.None);
        Assert.AreEqual(RunStatus.Succeeded, unsplit.Status, unsplit.Error);
        foreach (var table in new[] { "user_interest_evolution", "user_interest_drift" })
        {
            var expected = ChainHarness.Rows(reference, table, Snapshot);
            Assert.IsTrue(expected.Count > 0, $"{table} has rows");
            CollectionAssert.AreEqual(expected, ChainHarness.Rows(harness.Warehouse, table, Snapshot), $"{table}: split run differs from the unsplit run");
        }
    }
}
