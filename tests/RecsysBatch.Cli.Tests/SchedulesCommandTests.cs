using System.Text.RegularExpressions;

namespace RecsysBatch.Cli.Tests;

/// <summary>`recsys schedules list`: what an operator runs before deploying a schedule change.</summary>
[TestClass]
public sealed partial class SchedulesCommandTests
{
    [TestMethod]
    public void List_RepositorySchedules_ShowsNightlyAndItsNextRuns()
    {
        var outcome = RecsysProcess.Run(RepoPaths.Root, "schedules", "list", "--count", "2");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        StringAssert.Contains(outcome.StdOut, "nightly");
        StringAssert.Contains(outcome.StdOut, "30 2 * * *");
        var runs = NightlyRun().Matches(outcome.StdOut);
        Assert.AreEqual(2, runs.Count, outcome.StdOut);
        var first = DateTimeOffset.Parse(runs[0].Groups["utc"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(first > DateTimeOffset.UtcNow && first <= DateTimeOffset.UtcNow.AddDays(1), $"next run {first}");
    }

    [TestMethod]
    public void List_BadSchedule_ExitsWithInvalidInputAndOneLineError()
    {
        using var temp = new TempFolder();
        var schedules = temp.File("schedules");
        Directory.CreateDirectory(schedules);
        File.WriteAllText(Path.Combine(schedules, "late.schedule.json"), """
            { "id": "late", "pipeline": "pipelines/none.pipeline.json", "cron": "0 23 * * *", "timeZone": "UTC", "queue": "default", "retryAttempts": 0, "enabled": true }
            """);

        var outcome = RecsysProcess.Run(temp.Path, "schedules", "list");

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdOut);
        Assert.AreEqual(1, outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, outcome.StdErr);
        StringAssert.StartsWith(outcome.LastErrorLine, "recsys: error: ");
        StringAssert.Contains(outcome.LastErrorLine, "late.schedule.json");
        StringAssert.Contains(outcome.LastErrorLine, "pipelines/none.pipeline.json");
    }

    [TestMethod]
    public void List_MissingFolder_ExitsWithInvalidInput()
    {
        using var temp = new TempFolder();

        var outcome = RecsysProcess.Run(temp.Path, "schedules", "list", "--schedules", "elsewhere");

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.LastErrorLine, "elsewhere: schedules folder not found");
    }

    // The local and UTC columns of one of nightly's rows: 02:30 UTC every day.
    [GeneratedRegex(@"nightly\s*│\s*\d\s*│\s*\d{4}-\d{2}-\d{2} 02:30:00 \+00:00\s*│\s*(?<utc>\d{4}-\d{2}-\d{2} 02:30:00Z)")]
    private static partial Regex NightlyRun();
}
