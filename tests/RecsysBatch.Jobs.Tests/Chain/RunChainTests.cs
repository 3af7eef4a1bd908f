using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Jobs.Tests.Chain;

/// <summary>
/// The run as a chain of Hangfire jobs on a real (in-memory) Hangfire server: one job per stage, retries from the
/// launch, failure recorded without publishing, resume from checkpoints. Faults are injected through the harness's
/// <see cref="ChainHarness.Faults"/>.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class RunChainTests
{
    private static readonly DateOnly Snapshot = new(2026, 10, 31);
    private static readonly string[] ChainMethods = ["PublishAsync", "StageAsync", "StageAsync", "StartAsync"];
    private static readonly string[] ChainStages = ["featurize", "ingest"];

    [TestMethod]
    public async Task A_triggered_run_is_one_job_per_stage_then_publish()
    {
        using var harness = new ChainHarness();
        var pipeline = harness.WritePipeline();
        RunChain.Trigger(harness.Client, ChainHarness.Launch(pipeline, Snapshot, retries: 0));

        var runs = await harness.WaitForRunsAsync("chain", Snapshot, r => r.Any(x => x.Status == RunStatus.Succeeded));
        var run = runs.Single();
        Assert.AreEqual(RunStatus.Succeeded, run.Status);
        CollectionAssert.AreEqual(new[] { run.RunId }, harness.PublishedRunIds(Snapshot));
        var jobs = await harness.WaitForSucceededJobsAsync(j => j.Count >= ChainMethods.Length);
        var names = jobs.Select(j => j.Value.Job.Method.Name).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(ChainMethods, names);
        var stages = jobs.Where(j => j.Value.Job.Method.Name == "StageAsync").Select(j => (string)j.Value.Job.Args[1]).Order(StringComparer.Ordinal);
        CollectionAssert.AreEqual(ChainStages, stages.ToList());
        Assert.IsNull(harness.Lease.Holder("chain", Snapshot), "the lease is released after publish");
        using (var connection = harness.Storage.GetConnection())
        {
            foreach (var job in jobs.Where(j => j.Value.Job.Method.Name is "StageAsync" or "PublishAsync"))
            {
                var step = job.Value.Job.Method.Name == "StageAsync" ? (string)job.Value.Job.Args[1] : PipelineRunner.PublishStep;
                var json = connection.GetJobParameter(job.Key, JobProgress.Parameter);
                Assert.IsNotNull(json, $"job {job.Key} ({step}) keeps its progress for the dashboard");
                var state = SerializationHelper.Deserialize<JobProgressState>(json);
                Assert.AreEqual(step, state.Stage);
                Assert.AreEqual(1.0, state.Fraction, $"{step} ended");
                if (step == PipelineRunner.PublishStep)
                {
                    StringAssert.StartsWith(state.Detail, "committing ", "the publish's last detail is its rows");
                }
            }
        }

        var folder = harness.Services.GetRequiredService<PipelineRunner>().Folder(run.RunId).Path;
        Assert.IsTrue(File.Exists(Path.Combine(folder, RunManifest.FileName)), "the run's manifest stays");
        Assert.IsFalse(Directory.Exists(Path.Combine(folder, "checkpoints")), "a published run's checkpoints are deleted");
        var report = File.ReadAllText(Path.Combine(folder, "report.html"));
        StringAssert.Contains(report, run.RunId, "the publish job writes the run's report after releasing the lease");
    }

    [TestMethod]
    public async Task A_stage_failing_once_is_retried_and_the_run_succeeds()
    {
        using var harness = new ChainHarness();
        harness.Faults.FailStage = "featurize:1";
        var pipeline = harness.WritePipeline();
        RunChain.Trigger(harness.Client, ChainHarness.Launch(pipeline, Snapshot, retries: 2));

        var runs = await harness.WaitForRunsAsync("chain", Snapshot, r => r.Any(x => x.Status == RunStatus.Succeeded));
        Assert.AreEqual(1, runs.Count);
        Assert.AreEqual(0, harness.FailedJobs().Count, "the retry succeeded, so no job stays failed");
        var runner = harness.Services.GetRequiredService<PipelineRunner>();
        var attempts = File.ReadAllText(Path.Combine(runner.Folder(runs[0].RunId).Path, "faults", "featurize.count"));
        Assert.AreEqual("2", attempts, "featurize ran twice: the injected failure, then the retry");
    }

    [TestMethod]
    public async Task A_stage_failing_always_fails_the_run_keeps_the_previous_snapshot_and_resumes_when_requeued()
    {
        using var harness = new ChainHarness();
        var pipeline = harness.WritePipeline();
        RunChain.Trigger(harness.Client, ChainHarness.Launch(pipeline, Snapshot, retries: 0));
        var first = (await harness.WaitForRunsAsync("chain", Snapshot, r => r.Any(x => x.Status == RunStatus.Succeeded))).Single();

        harness.Faults.FailStage = "featurize";
        RunChain.Trigger(harness.Client, ChainHarness.Launch(pipeline, Snapshot, retries: 1));
        var runs = await harness.WaitForRunsAsync("chain", Snapshot, r => r.Any(x => x.Status == RunStatus.Failed));
        var failed = runs.Single(r => r.Status == RunStatus.Failed);
        StringAssert.Contains(failed.Error, "Injected fault in stage 'featurize' (attempt 2");
        CollectionAssert.AreEqual(new[] { first.RunId }, harness.PublishedRunIds(Snapshot), "the failed run published nothing");
        var failedJob = (await harness.WaitForFailedJobsAsync(j => j.Count > 0)).Single();
        Assert.AreEqual("featurize", failedJob.Value.Job.Args[1]);
        Assert.IsNull(harness.Lease.Holder("chain", Snapshot), "a run that failed for good releases its lease");

        // The admin fixes the cause and requeues the failed stage in the dashboard: the run resumes there.
        harness.Faults.FailStage = null;
        harness.Client.Requeue(failedJob.Key);
        var after = await harness.WaitForRunsAsync("chain", Snapshot, r => r.Any(x => x.RunId == failed.RunId && x.Status == RunStatus.Succeeded));
        Assert.AreEqual(2, after.Count);
        CollectionAssert.AreEqual(new[] { failed.RunId }, harness.PublishedRunIds(Snapshot));
    }

    [TestMethod]
    public async Task A_run_triggered_again_after_a_failure_resumes_from_its_checkpoints()
    {
        using var harness = new ChainHarness();
        harness.Faults.FailStage = "featurize";
        var pipeline = harness.WritePipeline();
        RunChain.Trigger(harness.Client, ChainHarness.Launch(pipeline, Snapshot, retries: 0));
        var failed = (await harness.WaitForRunsAsync("chain", Snapshot, r => r.Any(x => x.Status == RunStatus.Failed))).Single();

        harness.Faults.FailStage = null;
        RunChain.Trigger(harness.Client, ChainHarness.Launch(pipeline, Snapshot, retries: 0));
        var runs = await harness.WaitForRunsAsync("chain", Snapshot, r => r.Any(x => x.Status == RunStatus.Succeeded));
        var resumed = runs.Single(r => r.Status == RunStatus.Succeeded);
        Assert.AreNotEqual(failed.RunId, resumed.RunId);
        StringAssert.Contains(resumed.Notes, $"resumed from run {failed.RunId}: reused the checkpoints of ingest");
        var runner = harness.Services.GetRequiredService<PipelineRunner>();
        Assert.AreEqual(failed.RunId, RunManifest.Read(runner.Folder(resumed.RunId).Path).ResumedFrom);

        // Once the resumed run has published, the failed run's checkpoints (copied into it) have nothing left to serve.
        var failedCheckpoints = Path.Combine(runner.Folder(failed.RunId).Path, "checkpoints");
        Assert.IsFalse(await ChainHarness.PollAsync(() => Directory.Exists(failedCheckpoints), exists => !exists));
        Assert.IsTrue(File.Exists(Path.Combine(runner.Folder(failed.RunId).Path, RunManifest.FileName)), "the failed run's record stays");
    }

    [TestMethod]
    public async Task A_backfill_runs_each_date_oldest_first()
    {
        using var harness = new ChainHarness();
        var pipeline = harness.WritePipeline();
        var from = new DateOnly(2026, 10, 20);
        RunChain.Backfill(harness.Client, ChainHarness.Launch(pipeline, from, retries: 0), from, from.AddDays(2));

        var last = await harness.WaitForRunsAsync("chain", from.AddDays(2), r => r.Any(x => x.Status == RunStatus.Succeeded));
        var starts = new List<DateTime>();
        for (var d = 0; d < 3; d++)
        {
            var run = (await harness.WaitForRunsAsync("chain", from.AddDays(d), r => r.Count > 0)).Single();
            Assert.AreEqual(RunStatus.Succeeded, run.Status);
            starts.Add(run.StartedAt);
        }

        CollectionAssert.AreEqual(starts.Order().ToList(), starts, "oldest date first");
        Assert.IsTrue(last[0].StartedAt >= starts[1]);
    }
}
