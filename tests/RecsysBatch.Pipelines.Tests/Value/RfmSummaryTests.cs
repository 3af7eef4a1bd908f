using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Tests.Features;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>The lifetimes summary convention on hand-made purchase logs.</summary>
[TestClass]
public sealed class RfmSummaryTests
{
    private static readonly long Day = EventTableBuilder.Day;
    private static readonly int SnapshotDay = (int)(EventTableBuilder.CutoffMs / Timestamps.MillisPerDay);

    [TestMethod]
    public void At_SameDayPurchasesRefundsAndMissingAmounts_FollowTheLifetimesConvention()
    {
        var events = new EventTableBuilder()
            .Before((29 * Day) - 1000, "u", null, null, EventType.Purchase, 10)    // first day (day -29): excluded from the mean
            .Before((29 * Day) - 5000, "u", null, null, EventType.Purchase, 5)     // same day: one transaction
            .Before((15 * Day) - 1000, "u", null, null, EventType.Purchase, 20)    // day -15
            .Before((15 * Day) - 2000, "u", null, null, EventType.Purchase, 4)     // same day: 24 that day
            .Before((8 * Day) - 1000, "u", null, null, EventType.Purchase)         // day -8: a transaction without amount
            .Before((2 * Day) - 1000, "u", null, null, EventType.Purchase, -24)    // refund: not a transaction
            .Before((1 * Day) - 1000, "u", null, null, EventType.View)
            .Before(-Day, "u", null, null, EventType.Purchase, 99)                 // after the snapshot: ignored
            .Before((3 * Day) - 1000, "once", null, null, EventType.Purchase, 7)
            .Before(Day, "viewer", null, null, EventType.View)
            .Build();

        var log = PurchaseLog.Build(events, EventTableBuilder.CutoffMs);
        var rfm = RfmSummary.At(log, SnapshotDay, unitDays: 7);

        Assert.AreEqual(2, rfm.Count, "viewers are not customers");
        var u = Array.IndexOf(rfm.UserKeys, events.Users.GetOrAdd("u"));
        Assert.AreEqual(2, rfm.Frequency[u]);
        Assert.AreEqual((29 - 8) / 7.0, rfm.Recency[u], 1e-12);
        Assert.AreEqual((29 - 1) / 7.0, rfm.Age[u], 1e-12, "T runs to the last calibration day, the day before the snapshot");
        Assert.AreEqual(1, rfm.SpendDays[u]);
        Assert.AreEqual(24, rfm.MeanSpend[u], 1e-12);
        Assert.AreEqual(39, rfm.TotalSpend[u], 1e-12);
        var once = Array.IndexOf(rfm.UserKeys, events.Users.GetOrAdd("once"));
        Assert.AreEqual(0, rfm.Frequency[once]);
        Assert.AreEqual(0, rfm.Recency[once]);
        Assert.IsTrue(double.IsNaN(rfm.MeanSpend[once]));
        Assert.AreEqual(1, log.Refunds);
        Assert.AreEqual(6, log.PurchaseEvents);
        Assert.IsTrue(log.RevenueTarget);
    }

    [TestMethod]
    public void WindowValue_RevenueAndDays_CountsOnlyTheWindow()
    {
        var events = new EventTableBuilder()
            .Before((10 * Day) - 1000, "u", null, null, EventType.Purchase, 10)
            .Before((5 * Day) - 1000, "u", null, null, EventType.Purchase, 3)
            .Before((5 * Day) - 2000, "u", null, null, EventType.Purchase, 4)
            .Before((1 * Day) - 1000, "u", null, null, EventType.Purchase)
            .Build();
        var log = PurchaseLog.Build(events, EventTableBuilder.CutoffMs);
        int[] users = [events.Users.GetOrAdd("u")];

        Assert.AreEqual(7, log.WindowValue(users, SnapshotDay - 7, SnapshotDay, revenue: true)[0], 1e-12);
        Assert.AreEqual(2, log.WindowValue(users, SnapshotDay - 7, SnapshotDay, revenue: false)[0]);
        Assert.AreEqual(0, log.WindowValue(users, SnapshotDay - 4, SnapshotDay - 1, revenue: false)[0]);
    }

    [TestMethod]
    public void RevenueTarget_MostPurchasesWithoutAmount_IsPurchaseDays()
    {
        var events = new EventTableBuilder()
            .Before(Day, "u", null, null, EventType.Purchase)
            .Before(2 * Day, "u", null, null, EventType.Purchase)
            .Before(3 * Day, "u", null, null, EventType.Purchase, 5)
            .Build();

        Assert.IsFalse(PurchaseLog.Build(events, EventTableBuilder.CutoffMs).RevenueTarget);
    }
}
