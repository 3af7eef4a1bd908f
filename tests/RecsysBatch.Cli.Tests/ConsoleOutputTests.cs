using System.Text.RegularExpressions;

namespace RecsysBatch.Cli.Tests;

/// <summary>
/// The console as a nightly job's log file gets it (stdout and stderr redirected): no line broken at 80 columns,
/// every log and progress line starting with an ISO UTC timestamp, progress lines inside a long stage, the log on
/// stderr and the command's own output on stdout.
/// </summary>
[TestClass]
public sealed partial class ConsoleOutputTests
{
    private const string ValueSkipped = "value skipped: no purchase events before the snapshot date: user value needs purchases";

    [TestMethod]
    public void Run_Redirected_LongNoteAndSummaryStayOnOneLineAndEveryLogLineIsTimestamped()
    {
        using var temp = new TempFolder();
        var events = ViewsOnly(temp);
        var pipeline = temp.Write("nightly.pipeline.json", """
            { "name": "nightly", "horizonDays": 7, "sources": [],
              "stages": [ { "name": "ingest" }, { "name": "featurize" }, { "name": "value" } ] }
            """);
        var db = temp.File("a-warehouse-file-name-long-enough-that-the-summary-line-is-far-past-eighty-columns.duckdb");

        var outcome = RecsysProcess.Run(
            temp.Path, new Dictionary<string, string> { ["RECSYS_LOG_LEVEL"] = "Information" },
            "run", pipeline, "--source", "canonical:" + events, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        var stdout = Lines(outcome.StdOut);
        Assert.IsGreaterThan(80, ("note: " + ValueSkipped).Length);
        CollectionAssert.Contains(stdout, "note: " + ValueSkipped, outcome.StdOut);
        var summary = stdout.Where(l => l.StartsWith("run ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(1, summary, outcome.StdOut);
        StringAssert.EndsWith(summary[0], "warehouse duckdb:" + db, "the summary line is whole");
        StringAssert.Contains(summary[0], ": succeeded in ");

        var progress = stdout.Where(l => l.Contains("] started", StringComparison.Ordinal) || l.Contains("] done in ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(6, progress, "ingest, featurize and the publish start and end; value is skipped:\n" + outcome.StdOut);
        Assert.IsTrue(progress[^1].Contains("[publish] done in ", StringComparison.Ordinal), "the publish ends last:\n" + outcome.StdOut);
        Assert.IsTrue(progress.All(l => Timestamp().IsMatch(l)), outcome.StdOut);

        var log = Lines(outcome.StdErr);
        Assert.IsTrue(log.Any(l => l.Contains("info:", StringComparison.Ordinal)), "RECSYS_LOG_LEVEL=Information logs the run:\n" + outcome.StdErr);
        Assert.IsTrue(log.All(l => LogLine().IsMatch(l)), "every stderr line is a timestamped log line:\n" + outcome.StdErr);
        Assert.IsFalse(stdout.Any(l => LogLine().IsMatch(l)), "no log line on stdout (it is for the run's own output):\n" + outcome.StdOut);
    }

    [TestMethod]
    public void Run_RedirectedLongStage_WritesProgressLinesAtTheConfiguredInterval()
    {
        using var temp = new TempFolder();
        var events = ViewsOnly(temp);
        var pipeline = PipelineFiles.Write(temp.Path);
        var environment = new Dictionary<string, string>
        {
            ["RECSYS_FAULT_PAUSE_STAGE"] = "featurize:3000",
            ["RECSYS_PROGRESS_SECONDS"] = "0.5",
        };

        var outcome = RecsysProcess.Run(temp.Path, environment, "run", pipeline, "--source", "canonical:" + events, "--warehouse", "duckdb:" + temp.File("w.duckdb"));

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        var stdout = Lines(outcome.StdOut);
        var ticks = stdout.Where(l => FeaturizeTick().IsMatch(l)).ToArray();
        Assert.IsGreaterThanOrEqualTo(3, ticks.Length, "3 s in featurize at one line per 0.5 s:\n" + outcome.StdOut);
        var started = Array.FindIndex(stdout, l => l.EndsWith("[featurize] started", StringComparison.Ordinal));
        var done = Array.FindIndex(stdout, l => l.Contains("[featurize] done in ", StringComparison.Ordinal));
        Assert.IsTrue(started >= 0 && done > started, outcome.StdOut);
        Assert.IsTrue(ticks.All(t => Array.IndexOf(stdout, t) > started && Array.IndexOf(stdout, t) < done), "progress lines only while the stage runs:\n" + outcome.StdOut);
    }

    [TestMethod]
    public void Run_BadProgressInterval_Exits2WithOneLine()
    {
        using var temp = new TempFolder();
        var pipeline = PipelineFiles.Write(temp.Path);

        var outcome = RecsysProcess.Run(
            temp.Path, new Dictionary<string, string> { ["RECSYS_PROGRESS_SECONDS"] = "soon" },
            "run", pipeline, "--source", "canonical:" + ViewsOnly(temp), "--warehouse", "duckdb:" + temp.File("w.duckdb"));

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdErr + outcome.StdOut);
        Assert.AreEqual("recsys: error: RECSYS_PROGRESS_SECONDS 'soon' is not a number of seconds from 0 to 86400.", outcome.LastErrorLine);
    }

    [TestMethod]
    public void SchedulesList_LongPipelinePath_StaysOnOneRow()
    {
        using var temp = new TempFolder();
        // Deeper than a terminal is wide: Spectre's 80-column default split such a path across rows of the table.
        const string LongPath = "pipelines/storefronts/europe-west-and-the-nordic-countries/nightly-recommendation-tables/nightly.pipeline.json";
        PipelineFiles.Write(Directory.CreateDirectory(temp.File(System.IO.Path.GetDirectoryName(LongPath)!)).FullName);
        Directory.CreateDirectory(temp.File("schedules"));
        temp.Write("schedules/eu.schedule.json", $$"""
            { "id": "eu", "pipeline": "{{LongPath}}", "cron": "30 2 * * *", "timeZone": "UTC", "queue": "default", "retryAttempts": 0, "enabled": true }
            """);

        var outcome = RecsysProcess.Run(temp.Path, "schedules", "list", "--count", "1");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        var row = Lines(outcome.StdOut).SingleOrDefault(l => l.Contains(LongPath, StringComparison.Ordinal));
        Assert.IsNotNull(row, "the path is whole on one row:\n" + outcome.StdOut);
        StringAssert.Contains(row, "eu");
        StringAssert.Contains(row, "30 2 * * *");
    }

    private static string ViewsOnly(TempFolder temp)
    {
        var lines = new List<string> { "user_id,item_id,category_id,event_type,ts,value" };
        for (var i = 0; i < 80; i++)
        {
            lines.Add($"u{i % 9},i{i % 13},c{i % 3},view,2026-10-{1 + (i % 20):00}T10:00:00Z,");
        }

        var path = temp.File("events.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex LogLine();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z \[featurize\] \d+% .*\(\d+ s\)$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z \[featurize\] \d+% \(\d+ s\)$")]
    private static partial Regex FeaturizeTick();
}
