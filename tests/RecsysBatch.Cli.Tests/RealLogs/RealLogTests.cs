namespace RecsysBatch.Cli.Tests.RealLogs;

/// <summary>
/// The nightly pipeline on every real log of ../shared/datasets, asserting <see cref="RealLogInvariants"/>: the
/// project's synthetic sample alone hid numbers that outran their evidence.
/// </summary>
[TestClass]
public sealed class RealLogTests
{
    [TestMethod]
    public void Nightly_TaobaoSliceHorizonTwoLabelView_KeepsInvariants()
    {
        using var temp = new TempFolder();

        var run = RealLogRun.Nightly(temp, "taobao:" + RealDatasets.Require(RealDatasets.Taobao), horizonDays: 2, rankLabelEvent: "view");

        RealLogInvariants.AssertAll(run, rankLabelEvent: "view");
        Assert.IsGreaterThan(0L, run.Scalar("SELECT count(*) FROM influence_coefficients"), "influence ran on the Taobao slice");
    }

    [TestMethod]
    public void Nightly_OnlineRetailSample_KeepsInvariants()
    {
        using var temp = new TempFolder();

        var run = RealLogRun.Nightly(temp, "canonical:" + RealDatasets.OnlineRetailAsCanonical(temp.Path), horizonDays: 7);

        RealLogInvariants.AssertAll(run);
        Assert.IsGreaterThan(0L, run.Scalar("SELECT count(*) FROM user_value_scores"), "value ran on the retail log");
    }

    [TestMethod]
    public void Nightly_OnlineRetailPreset_KeepsInvariantsAndSkipsOnlyLinesWithoutCustomerOrReturns()
    {
        using var temp = new TempFolder();
        var file = RealDatasets.Require(RealDatasets.OnlineRetail);
        // R wrote every text field quoted and a missing CustomerID as NA (the 7th of 8 fields; no field holds a comma there).
        var withoutCustomer = File.ReadLines(file).Skip(1).Count(l => l.Split(',')[^2] == "NA");

        var run = RealLogRun.Nightly(temp, "online-retail:" + file, horizonDays: 7);

        RealLogInvariants.AssertAll(run);
        Assert.AreEqual(withoutCustomer, run.Scalar("SELECT count(*) FROM rejected_events WHERE reason = 'skipped: no CustomerID'"));
        Assert.AreEqual(0L, run.Scalar("SELECT count(*) FROM rejected_events WHERE reason NOT LIKE 'skipped: %'"), "no line of the real file is bad data");
        Assert.IsGreaterThan(0L, run.Scalar("SELECT count(*) FROM rejected_events WHERE reason = 'skipped: return, netted against earlier purchases'"));
        Assert.IsGreaterThan(0L, run.Scalar("SELECT count(*) FROM user_value_scores"), "value ran on the retail log");
    }

    [TestMethod]
    public void Nightly_MovieLensRatings_KeepsInvariants()
    {
        using var temp = new TempFolder();

        var run = RealLogRun.Nightly(temp, "movielens:" + RealDatasets.Require(RealDatasets.MovieLens), horizonDays: 7);

        RealLogInvariants.AssertAll(run);
        Assert.IsGreaterThan(0L, run.Scalar("SELECT count(*) FROM candidates"), "factorize ran on MovieLens");
    }
}
