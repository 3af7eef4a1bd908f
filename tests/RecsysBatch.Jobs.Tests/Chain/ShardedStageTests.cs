using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Jobs.Tests.Chain;

/// <summary>
/// A stage split into user shards ("shards": 3) on the Hangfire server: its preparation, three shard jobs, the fan-in
/// enqueued by the last shard, then the rest of the chain; the published tables equal an unsplit in-process run.
/// Rank (scoring the candidates), factorize (candidates and similar users; rank then reads the merged candidates) and
/// interest (evolution and drift rows, the model restored from the checkpointed artifact in every shard), and
/// influence (cross-fit folds; the fan-in calls the stage's merge with the shards' unpublished fold tables).
/// </summary>
[TestClass]
public sealed class ShardedStageTests
{
    private const string RankSplit = """
        { "name": "ingest" }, { "name": "featurize" }, { "name": "factorize" },
        { "name": "rank", "shards": 3, "options": { "maxEpochs": 4 } }, { "name": "value" }
        """;

    private const string FactorizeSplit = """
        { "name": "ingest" }, { "name": "featurize" }, { "name": "factorize", "shards": 3 },
        { "name": "rank", "options": { "maxEpochs": 4 } }
        """;

    private const string InterestSplit = """
        { "name": "ingest" }, { "name": "interest", "shards": 3 }
        """;

    private const string InfluenceSplit = """
        { "name": "ingest" }, { "name": "value" }, { "name": "influence", "shards": 3 }
        """;

    private static readonly DateOnly Snapshot = new(2026, 10, 31);
    private static readonly int[] ShardNumbers = [1, 2, 3];

    [TestMethod]
    [DataRow("rank", RankSplit, "recommendations,behavior_predictions,candidates,user_value_scores", "(shard 3 of 3)")]
    [DataRow("factorize", FactorizeSplit, "candidates,similar_users,user_factors,item_factors,recommendations", "factorize: ALS lambda")]
    [DataRow("interest", InterestSplit, "user_interest_evolution,user_interest_drift", "interest: next window 7 d; model trained on")]
    [DataRow("influence", InfluenceSplit, "influence_coefficients,behavior_funnel", "(user, item) pairs viewed in")]
    public async Task A_stage_split_into_three_shards_publishes_what_an_unsplit_run_does(string stage, string stages, string tables, string note)
    {
        using var harness = new ChainHarness();
        var name = stage + "-sharded";
        var pipeline = harness.WritePipeline(name, stages);
        RunChain.Trigger(harness.Client, ChainHarness.Launch(pipeline, Snapshot, retries: 0));
        var run = (await harness.WaitForRunsAsync(name, Snapshot, r => r.Any(x => x.Status != RunStatus.Running), TimeSpan.FromSeconds(240))).Single();
        Assert.AreEqual(RunStatus.Succeeded, run.Status, run.Error);

        var jobs = await harness.WaitForSucceededJobsAsync(j =>
            j.Count(x => x.Value.Job.Method.Name == "ShardAsync") == ShardNumbers.Length && j.Any(x => x.Value.Job.Method.Name == "PublishAsync"));
        var shardJobs = jobs.Where(j => j.Value.Job.Method.Name == "ShardAsync").ToList();
        CollectionAssert.AreEqual(ShardNumbers, shardJobs.Select(j => (int)j.Value.Job.Args[3]).Order().ToList());
        Assert.IsTrue(shardJobs.All(j => (string)j.Value.Job.Args[1] == stage), $"every shard job is one of {stage}'s");
        Assert.AreEqual(1, jobs.Count(j => j.Value.Job.Method.Name == "FanInAsync"), "one fan-in, enqueued by the last shard");
        Assert.AreEqual(1, jobs.Count(j => j.Value.Job.Method.Name == "PublishAsync"));
        StringAssert.Contains(run.Notes, note, "the stage's note reaches the run (from its preparation, its shards or its merge)");

        var reference = "duckdb:" + harness.Folder.File("unsplit.duckdb");
        var runner = harness.Services.GetRequiredService<PipelineRunner>();
        var unsplit = await runner.RunAsync(new RunRequest(pipeline) { AsOf = Snapshot, Warehouse = reference }, null, CancellationToken.None);
        Assert.AreEqual(RunStatus.Succeeded, unsplit.Status, unsplit.Error);
        foreach (var table in tables.Split(','))
        {
            var expected = ChainHarness.Rows(reference, table, Snapshot);
            Assert.IsTrue(expected.Count > 0, $"{table} has rows");
            CollectionAssert.AreEqual(expected, ChainHarness.Rows(harness.Warehouse, table, Snapshot), $"{table}: split run differs from the unsplit run");
        }
    }
}
