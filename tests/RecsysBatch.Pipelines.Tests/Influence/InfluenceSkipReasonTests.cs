using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Influence;
using RecsysBatch.Pipelines.Tests.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace RecsysBatch.Pipelines.Tests.Influence;

/// <summary>The influence skip note names the real cause and fix: no views at all is not a horizon problem.</summary>
[TestClass]
public sealed class InfluenceSkipReasonTests
{
    private static readonly long Day = EventTableBuilder.Day;

    [TestMethod]
    public void CannotApplyReason_RatingsAndPurchasesOverYears_SaysNoViewEventsNotHorizon()
    {
        using var folder = new TempFolder();
        var builder = new EventTableBuilder();
        for (var d = 1; d < 800; d += 3)
        {
            builder.Before(d * Day, $"u{d % 11}", $"i{d % 17}", null, EventType.Rating, 4)
                .Before((d * Day) + 5, $"u{d % 7}", $"i{d % 13}", null, EventType.Purchase, 10);
        }

        var reason = CannotApply(builder.Build(), folder.Path, horizonDays: 7);

        StringAssert.Contains(reason, "no view events");
        StringAssert.Contains(reason, "purchase, rating");
        StringAssert.Contains(reason, "does not apply to this source");
        Assert.DoesNotContain("horizonDays", reason);
        Assert.DoesNotContain("too short", reason);
    }

    [TestMethod]
    public void CannotApplyReason_ViewsOnlyInTheLastThreeDays_SaysTooShortAndTheHorizonThatFits()
    {
        using var folder = new TempFolder();
        var events = new EventTableBuilder()
            .Before(3 * Day, "u1", "i1", null, EventType.View)
            .Before(Day, "u1", "i1", null, EventType.Purchase, 5)
            .Build();

        var reason = CannotApply(events, folder.Path, horizonDays: 7);

        StringAssert.Contains(reason, "too short for a 7-day horizon");
        StringAssert.Contains(reason, "lower horizonDays to at most 2");
        Assert.IsNull(CannotApply(events, folder.Path, horizonDays: 2), "the suggested horizon applies");
    }

    [TestMethod]
    public void CannotApplyReason_ViewsEndedBeforeTheWindow_SaysWhichSnapshotPutsThemIn()
    {
        using var folder = new TempFolder();
        var events = new EventTableBuilder()
            .Before(40 * Day, "u1", "i1", null, EventType.View)
            .Before(Day, "u1", "i1", null, EventType.Purchase, 5)
            .Build();

        var reason = CannotApply(events, folder.Path, horizonDays: 7);

        StringAssert.Contains(reason, "the views end on 2024-01-21");
        StringAssert.Contains(reason, "--as-of after 2024-01-28 and at most 2024-02-04");
        Assert.DoesNotContain("horizonDays", reason);
    }

    private static string CannotApply(EventTable events, string folder, int horizonDays) =>
        new InfluenceStage(NullLogger<InfluenceStage>.Instance).CannotApplyReason(InfluenceHarness.Context(events, EventTableBuilder.Snapshot, folder, horizonDays: horizonDays))!;
}
