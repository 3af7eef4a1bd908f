using System.Text.RegularExpressions;

namespace RecsysBatch.Cli.Tests;

/// <summary>The run report through the real binary: the nightly on data/sample writes it, `recsys report` rewrites it.</summary>
[TestClass]
public sealed partial class ReportCommandTests
{
    /// <summary>The charts a nightly run on data/sample has (no rejected lines; its BG/NBD fit is degenerate, so no P(alive)).</summary>
    internal static readonly string[] SampleCharts =
    [
        "events-by-day", "funnel", "models-factorize-mf", "models-rank-p-purchase", "models-rank-ranker", "models-interest-fasttree",
        "models-value-bgnbd", "calibration-rank", "calibration-rank-champion", "value-lift", "value-tiers", "p-alive", "influence-forest", "interest-drift",
    ];

    [TestMethod]
    public void Run_NightlyOnSample_WritesReportThatReportCommandRewritesWithTheSameSections()
    {
        using var temp = new TempFolder();
        var database = temp.File("w.duckdb");

        var run = RecsysProcess.Run(temp.Path, "run", Path.Combine(RepoPaths.Root, "pipelines", "nightly.pipeline.json"), "--warehouse", "duckdb:" + database);

        Assert.AreEqual(0, run.ExitCode, run.StdErr + run.StdOut);
        var written = Directory.GetFiles(Path.Combine(temp.Path, "runs"), "report.html", SearchOption.AllDirectories);
        Assert.HasCount(1, written, "the run writes ARTIFACTS/RUN_ID/report.html");
        var runId = Path.GetFileName(Path.GetDirectoryName(written[0]))!;
        var first = File.ReadAllText(written[0]);
        CollectionAssert.AreEqual(SampleCharts, Ids(first, "figure"));

        var again = temp.File("again.html");
        var report = RecsysProcess.Run(temp.Path, "report", "--warehouse", "duckdb:" + database, "--out", again);

        Assert.AreEqual(0, report.ExitCode, report.StdErr + report.StdOut);
        StringAssert.Contains(report.StdOut, $"report of run {runId} (nightly ");
        var second = File.ReadAllText(again);
        CollectionAssert.AreEqual(Ids(first, "section"), Ids(second, "section"));
        CollectionAssert.AreEqual(Ids(first, "figure"), Ids(second, "figure"));
        Assert.AreEqual(Captions(first), Captions(second), "the same rows, so the same sample sizes");

        var unknown = RecsysProcess.Run(temp.Path, "report", "--warehouse", "duckdb:" + database, "--run", "no-such-run");

        Assert.AreEqual(2, unknown.ExitCode);
        Assert.AreEqual($"recsys: error: Warehouse duckdb:{database}: no run no-such-run in job_runs.", unknown.LastErrorLine);
    }

    private static string[] Ids(string html, string element) =>
        [.. Regex.Matches(html, $"<{element} id=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];

    private static string Captions(string html) => string.Join("\n", Caption().Matches(html).Select(m => m.Value));

    [GeneratedRegex("<figcaption>[^<]*</figcaption>")]
    private static partial Regex Caption();
}
