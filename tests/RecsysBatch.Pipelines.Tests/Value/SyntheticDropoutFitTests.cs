using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Synthetic;
using RecsysBatch.Pipelines.Tests.Ingest;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>
/// Why the BG/NBD fit of the default synthetic sample (30 days, planted dropout p ~ Beta(1, 14)) is in the
/// homogeneous-dropout limit: 30 days barely inform the spread of p (the planted Beta is almost as likely as the
/// limit), while the same generator over 120 days gives an interior fit. The purchase-day summaries are the value
/// stage's own (weeks, as of the snapshot the ingest derives).
/// </summary>
[TestClass]
public sealed class SyntheticDropoutFitTests
{
    [TestMethod]
    public void Fit_DefaultSample30Days_HomogeneousLimitAndPlantedBetaAlmostAsLikely()
    {
        var (fit, groups) = FitGenerated(new SyntheticOptions());

        Assert.IsTrue(fit.HomogeneousDropout, $"{fit.Parameters}");
        Assert.AreEqual(0.083, fit.DropoutP, 0.005, "the sample's common dropout probability");

        // Profile log-likelihood at the planted a = 1, b = 14: the best r, alpha with a, b held there.
        var planted = MaximumLikelihood.Maximise(
            t => BgNbdModel.TotalLogLikelihood(new BgNbdParameters(Math.Exp(t[0]), Math.Exp(t[1]), 1, 14), groups),
            [[Math.Log(fit.Parameters.R), Math.Log(fit.Parameters.Alpha)]]);
        var gap = fit.LogLikelihood - planted.LogLikelihood;
        Assert.IsGreaterThanOrEqualTo(0, gap, "the maximum is the maximum");
        Assert.IsLessThan(2, gap, "the planted heterogeneity is within 2 log-likelihood units of the limit: the data hardly tell them apart");
    }

    [TestMethod]
    public void Fit_SameGenerator120Days_InteriorWithHeterogeneousDropout()
    {
        var (fit, _) = FitGenerated(new SyntheticOptions { Days = 120 });

        Assert.IsFalse(fit.AtBound, $"{fit.Parameters}");
        Assert.IsLessThan(5, fit.Parameters.A, $"dropout heterogeneity is estimated: {fit.Parameters}");

        // Dropout follows every active day, so per purchase day it is at least the planted mean 1/15.
        Assert.IsGreaterThan(1.0 / 15, fit.DropoutP);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Generate_DropoutOption_DropoutFollowsAnActiveDayOrOnlyAPurchaseDay(bool afterPurchaseDayOnly)
    {
        using var folder = new TempFolder();
        var options = new SyntheticOptions { Users = 600, Days = 30, DropoutAfterPurchaseDayOnly = afterPurchaseDayOnly };
        SyntheticGenerator.Generate(options, folder.Path);
        var purchaseDays = new HashSet<(string User, int Day)>();
        foreach (var line in File.ReadLines(Path.Combine(folder.Path, SyntheticGenerator.EventsFileName)).Skip(1))
        {
            var f = line.Split(',');
            if (f[3] == "purchase")
            {
                purchaseDays.Add((f[0], DateOnly.ParseExact(f[4][..10], "yyyy-MM-dd").DayNumber - options.StartDate.DayNumber));
            }
        }

        var dropped = GroundTruth.Load(Path.Combine(folder.Path, GroundTruth.FileName)).Users.Where(u => u.DropoutDay is not null).ToList();
        var afterPurchase = dropped.Count(u => purchaseDays.Contains((u.UserId, u.DropoutDay!.Value - 1)));

        Assert.IsGreaterThan(20, dropped.Count, "enough dropouts to tell");
        if (afterPurchaseDayOnly)
        {
            Assert.AreEqual(dropped.Count, afterPurchase, "BG/NBD's dropout: every user leaves right after a purchase day");
        }
        else
        {
            Assert.IsLessThan(dropped.Count / 2, afterPurchase, "by default most users leave after a day without a purchase");
        }
    }

    private static (BgNbdFitter.Fit Fit, RfmGroups Groups) FitGenerated(SyntheticOptions options)
    {
        using var folder = new TempFolder();
        SyntheticGenerator.Generate(options, folder.Path);
        var ingested = IngestHarness.Run("canonical", Path.Combine(folder.Path, SyntheticGenerator.EventsFileName));
        var cutoffMs = Timestamps.ToUnixMs(ingested.SnapshotDate);
        var rfm = RfmSummary.At(PurchaseLog.Build(ingested.Data.RequireEvents(), cutoffMs), (int)(cutoffMs / Timestamps.MillisPerDay), 7);
        var fit = BgNbdFitter.Run(rfm.Frequency, rfm.Recency, rfm.Age, starts: 6, seed: 42);
        return (fit, RfmGroups.From(rfm.Frequency, rfm.Recency, rfm.Age));
    }
}
