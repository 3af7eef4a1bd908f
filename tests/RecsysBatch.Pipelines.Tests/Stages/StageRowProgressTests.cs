using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Tests.Stages;

/// <summary>Rows done of a total inside one phase of a long stage: the fraction moves within the phase and the detail names the counts.</summary>
[TestClass]
public sealed class StageRowProgressTests
{
    [TestMethod]
    public void Rows_done_move_the_fraction_within_the_phase_and_name_the_counts()
    {
        var reports = new List<StageProgress>();
        var context = StageHarness.Context("interest", new EventTable(), new DateOnly(2026, 10, 31), Path.GetTempPath(), null, 7);
        context.Progress = new Recorder(reports);

        context.ReportRows(0.5, 0.9, "scoring", 250_000, 1_000_000, "users");
        context.ReportRows(0.5, 0.9, "scoring", 1_000_000, 1_000_000, "users");
        context.ReportRows(0.2, 0.4, "empty", 0, 0);

        Assert.AreEqual(3, reports.Count);
        Assert.AreEqual("interest", reports[0].Stage);
        Assert.AreEqual(0.6, reports[0].Fraction, 1e-12);
        Assert.AreEqual("scoring: 250,000 / 1,000,000 users", reports[0].Detail);
        Assert.AreEqual(0.9, reports[1].Fraction, 1e-12);
        Assert.AreEqual(0.4, reports[2].Fraction, 1e-12, "a phase with nothing to do is done");
        Assert.AreEqual("empty: 0 / 0 rows", reports[2].Detail);
    }

    private sealed class Recorder(List<StageProgress> reports) : IProgress<StageProgress>
    {
        public void Report(StageProgress value) => reports.Add(value);
    }
}
