using RecsysBatch.Cli.Commands;
using RecsysBatch.Core.Stages;
using Spectre.Console;

namespace RecsysBatch.Cli.Tests;

/// <summary>The two progress views of `recsys run`, on a clock the test moves.</summary>
[TestClass]
public sealed class StageProgressViewTests
{
    private static readonly string[] ExpectedLines =
    [
        "2026-11-01T02:30:00.000Z [ingest] started",
        "2026-11-01T02:30:02.000Z [ingest] done in 2.0 s",
        "2026-11-01T02:30:02.000Z [factorize] started",
        "2026-11-01T02:30:32.000Z [factorize] 42% ALS sweep 3 of 10: 12,000 of 40,000 users (30 s)",
        "2026-11-01T02:30:42.000Z [factorize] 50% ALS sweep 3 of 10: 12,000 of 40,000 users (40 s)",
    ];

    [TestMethod]
    public void Bars_FinishedStage_ElapsedStaysAtItsEndWhileLaterStagesRun()
    {
        var clock = new SteppingClock();
        var tasks = new Dictionary<string, ProgressTask>();
        var bars = new SpectreStageProgress(stage => tasks[stage] = new ProgressTask(tasks.Count, stage, 1.0, autoStart: true, clock));

        bars.Report(new StageProgress("ingest", 0));
        clock.Advance(TimeSpan.FromSeconds(4));
        bars.Report(new StageProgress("ingest", 0.5, "events.csv"));
        clock.Advance(TimeSpan.FromSeconds(3));
        bars.Report(new StageProgress("ingest", 1));
        bars.Report(new StageProgress("featurize", 0));
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.AreEqual(TimeSpan.FromSeconds(7), tasks["ingest"].ElapsedTime, "a finished stage's time is its duration");
        Assert.IsTrue(tasks["ingest"].IsFinished);
        Assert.AreEqual("ingest", tasks["ingest"].Description, "the last detail is gone once the stage is done");
        Assert.AreEqual(TimeSpan.FromMinutes(10), tasks["featurize"].ElapsedTime, "a running stage's time goes on");
        Assert.IsFalse(tasks["featurize"].IsFinished);
    }

    [TestMethod]
    public void Lines_Tick_ShowsPercentAndDetailOfRunningStagesOnly()
    {
        var clock = new SteppingClock();
        using var output = new StringWriter();
        using var lines = new PlainStageProgress(output, clock, TimeSpan.Zero);

        lines.Report(new StageProgress("ingest", 0));
        clock.Advance(TimeSpan.FromSeconds(2));
        lines.Report(new StageProgress("ingest", 1));
        lines.Report(new StageProgress("factorize", 0));
        clock.Advance(TimeSpan.FromSeconds(30));
        lines.Report(new StageProgress("factorize", 0.42, "ALS sweep 3 of 10: 12,000 of 40,000 users"));
        lines.Tick();
        clock.Advance(TimeSpan.FromSeconds(10));
        lines.Report(new StageProgress("factorize", 0.5));
        lines.Tick();

        CollectionAssert.AreEqual(
            ExpectedLines,
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [TestMethod]
    public void Lines_DoneLine_EndsWithThePeakMemoryWhenOneIsGiven()
    {
        var clock = new SteppingClock();
        using var output = new StringWriter();
        var peak = 1_230_000_000L;
        using var lines = new PlainStageProgress(output, clock, TimeSpan.Zero, () => peak);

        lines.Report(new StageProgress("interest", 0));
        clock.Advance(TimeSpan.FromSeconds(3));
        peak = 2_504_000_000L;
        lines.Report(new StageProgress("interest", 1));

        var last = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.AreEqual("2026-11-01T02:30:03.000Z [interest] done in 3.0 s, peak RSS 2.50 GB", last);
    }
}
