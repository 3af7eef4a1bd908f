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
    public void Nightly_MovieLensRatings_KeepsInvariants()
    {
        using var temp = new TempFolder();

        var run = RealLogRun.Nightly(temp, "movielens:" + RealDatasets.Require(RealDatasets.MovieLens), horizonDays: 7);

        RealLogInvariants.AssertAll(run);
        Assert.IsGreaterThan(0L, run.Scalar("SELECT count(*) FROM candidates"), "factorize ran on MovieLens");
    }
}
