using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;

namespace RecsysBatch.Jobs.Tests.Chain;

/// <summary>The staged runner without Hangfire: what the stage jobs call.</summary>
[TestClass]
public sealed class StagedRunnerTests
{
    private static readonly DateOnly Snapshot = new(2026, 10, 31);

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

    private static async Task<string> FailAfterIngestAsync(PipelineRunner runner, string pipeline, DateOnly asOf)
    {
        var manifest = await runner.BeginAsync(new RunRequest(pipeline) { AsOf = asOf }, CancellationToken.None);
        await runner.RunStageAsync(manifest.RunId, "ingest", CancellationToken.None);
        await runner.RecordFailedAsync(manifest.RunId, "stopped by the test", CancellationToken.None);
        Assert.IsTrue(Directory.Exists(Path.Combine(runner.Folder(manifest.RunId).Path, "checkpoints")));
        return manifest.RunId;
    }
}
