namespace RecsysBatch.Cli.Tests;

/// <summary>A snapshot later than the day after today (UTC) is a bad argument: exit 2, one line, nothing runs.</summary>
[TestClass]
public sealed class AsOfLimitTests
{
    [TestMethod]
    public void Run_AsOfAfterTomorrow_ExitsWithInvalidInputAndRunsNothing()
    {
        using var temp = new TempFolder();
        var db = temp.File("w.duckdb");
        var late = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var outcome = RecsysProcess.Run(temp.Path, "run", PipelineFiles.Write(temp.Path), "--as-of", late, "--warehouse", "duckdb:" + db);

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdErr);
        Assert.AreEqual(1, outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, outcome.StdErr);
        StringAssert.Contains(outcome.LastErrorLine, $"--as-of {late} is in the future");
        Assert.IsFalse(File.Exists(db), "nothing ran: no warehouse was created");
    }

    [TestMethod]
    public void Backfill_ToAfterTomorrow_ExitsWithInvalidInputAndRunsNothing()
    {
        using var temp = new TempFolder();
        var db = temp.File("w.duckdb");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(int offset) => today.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var outcome = RecsysProcess.Run(temp.Path, "backfill", PipelineFiles.Write(temp.Path), "--from", Day(-1), "--to", Day(5), "--warehouse", "duckdb:" + db);

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdErr);
        StringAssert.Contains(outcome.LastErrorLine, $"--to {Day(5)} is in the future");
        Assert.IsFalse(File.Exists(db), "no date of the range ran");
    }
}
