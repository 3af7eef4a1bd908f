using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using RecsysBatch.Core;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;

namespace RecsysBatch.Jobs.Tests.Chain;

/// <summary>The staged runner without Hangfire: what the stage jobs call.</summary>
[TestClass]
public sealed class StagedRunnerTests
{
    private static readonly DateOnly Snapshot = new(2026, 10, 31);
    private static readonly string[] BothOverrides = ["--horizon-days 3", "--set ingest.maxRejectedShare=0.5"];
    private static readonly string[] BothStages = ["ingest", "featurize"];

    [TestMethod]
    public async Task A_damaged_checkpoint_fails_the_next_stage_and_the_run_is_still_recorded_failed()
    {
        using var harness = new ChainHarness();
        var runner = harness.Services.GetRequiredService<PipelineRunner>();
        var manifest = await runner.BeginAsync(new RunRequest(harness.WritePipeline()) { AsOf = Snapshot }, CancellationToken.None);
        await runner.RunStageAsync(manifest.RunId, "ingest", CancellationToken.None);
        var checkpoints = Path.Combine(runner.Folder(manifest.RunId).Path, "checkpoints");
        var biggest = new DirectoryInfo(checkpoints).EnumerateFiles("*", SearchOption.AllDirectories).MaxBy(f => f.Length)!;
        using (var stream = biggest.Open(FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var error = await Assert.ThrowsExactlyAsync<RecsysException>(() => runner.RunStageAsync(manifest.RunId, "featurize", CancellationToken.None));
        await runner.RecordFailedAsync(manifest.RunId, error.Message, CancellationToken.None);

        var runs = await harness.WaitForRunsAsync("chain", Snapshot, r => r.Count > 0);
        Assert.AreEqual(RunStatus.Failed, runs.Single().Status);
        StringAssert.Contains(runs.Single().Error, biggest.Name);
    }

    [TestMethod]
    public async Task A_failed_runs_checkpoints_are_deleted_when_a_run_begins_after_the_retention_days()
    {
        using var harness = new ChainHarness();
        var runner = harness.Services.GetRequiredService<PipelineRunner>();
        var pipeline = harness.WritePipeline();
        var old = await FailAfterIngestAsync(runner, pipeline, Snapshot.AddDays(-1));
        var recent = await FailAfterIngestAsync(runner, pipeline, Snapshot.AddDays(-2));
        // Recsys:FailedCheckpointDays is 7 (the default): the first failure is made 8 days old.
        File.SetLastWriteTimeUtc(Path.Combine(runner.Folder(old).Path, "failed"), DateTime.UtcNow.AddDays(-8));

        await runner.BeginAsync(new RunRequest(pipeline) { AsOf = Snapshot }, CancellationToken.None);

        Assert.IsFalse(Directory.Exists(Path.Combine(runner.Folder(old).Path, "checkpoints")));
        Assert.IsTrue(File.Exists(Path.Combine(runner.Folder(old).Path, RunManifest.FileName)), "the run's record stays");
        Assert.IsTrue(Directory.Exists(Path.Combine(runner.Folder(recent).Path, "checkpoints")), "a failure within the retention keeps its checkpoints");
    }

    [TestMethod]
    public async Task A_staged_run_applies_the_requests_overrides_at_every_step()
    {
        using var harness = new ChainHarness();
        var runner = harness.Services.GetRequiredService<PipelineRunner>();
        var overrides = new PipelineOverrides { HorizonDays = 3, Settings = [PipelineOverrides.ParseSetting("ingest.maxRejectedShare=0.5")] };
        var manifest = await runner.BeginAsync(new RunRequest(harness.WritePipeline()) { AsOf = Snapshot, Overrides = overrides }, CancellationToken.None);
        Assert.AreEqual(3, RunManifest.Read(runner.Folder(manifest.RunId).Path).HorizonDays, "run.json carries --horizon-days");

        await runner.RunStageAsync(manifest.RunId, "ingest", CancellationToken.None);
        await runner.RunStageAsync(manifest.RunId, "featurize", CancellationToken.None);
        var result = await runner.PublishAsync(manifest.RunId, CancellationToken.None);

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Error);
        var config = JsonNode.Parse((await harness.WaitForRunsAsync("chain", Snapshot, r => r.Count > 0)).Single().Config!)!;
        Assert.AreEqual(3, (int)config["horizonDays"]!, "the publish step loaded the pipeline with the override");
        CollectionAssert.AreEqual(BothOverrides, config["overrides"]!.AsArray().Select(o => (string)o!).ToArray());
    }

    [TestMethod]
    public async Task A_failed_run_with_other_overrides_is_not_resumed()
    {
        using var harness = new ChainHarness();
        var runner = harness.Services.GetRequiredService<PipelineRunner>();
        var pipeline = harness.WritePipeline();
        var failed = await FailAfterIngestAsync(runner, pipeline, Snapshot);

        var other = await runner.BeginAsync(new RunRequest(pipeline) { AsOf = Snapshot, Overrides = new PipelineOverrides { HorizonDays = 3 } }, CancellationToken.None);
        var same = await runner.BeginAsync(new RunRequest(pipeline) { AsOf = Snapshot }, CancellationToken.None);

        Assert.IsNull(other.ResumedFrom, "--horizon-days 3 computes other tables than the failed run's");
        Assert.AreEqual(failed, same.ResumedFrom);
    }

    [TestMethod]
    public async Task An_in_process_run_takes_the_same_steps_with_its_checkpoints_in_memory()
    {
        using var harness = new ChainHarness();
        var runner = harness.Services.GetRequiredService<PipelineRunner>();

        var result = await runner.RunAsync(new RunRequest(harness.WritePipeline()) { AsOf = Snapshot, Overrides = new PipelineOverrides { HorizonDays = 3 } }, null, CancellationToken.None);

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Error);
        CollectionAssert.AreEqual(BothStages, result.Stages.Select(s => s.Stage).ToArray());
        Assert.IsTrue(result.Stages.All(s => s.Outcome == StageReport.Ran && s.Duration > TimeSpan.Zero), "each stage reports its own run and duration");
        var folder = runner.Folder(result.RunId).Path;
        Assert.IsFalse(Directory.Exists(Path.Combine(folder, "checkpoints")), "nothing is checkpointed to disk");
        Assert.IsFalse(File.Exists(Path.Combine(folder, RunManifest.FileName)), "an in-process run leaves no manifest to resume");
        Assert.IsNull(harness.Lease.Holder("chain", Snapshot), "the lease is released when the run ends");
        var config = JsonNode.Parse((await harness.WaitForRunsAsync("chain", Snapshot, r => r.Count > 0)).Single().Config!)!;
        Assert.AreEqual(3, (int)config["horizonDays"]!);
    }

    private static async Task<string> FailAfterIngestAsync(PipelineRunner runner, string pipeline, DateOnly asOf)
    {
        var manifest = await runner.BeginAsync(new RunRequest(pipeline) { AsOf = asOf }, CancellationToken.None);
        await runner.RunStageAsync(manifest.RunId, "ingest", CancellationToken.None);
        await runner.RecordFailedAsync(manifest.RunId, "stopped by the test", CancellationToken.None);
        Assert.IsTrue(Directory.Exists(Path.Combine(runner.Folder(manifest.RunId).Path, "checkpoints")));
        return manifest.RunId;
    }
}
