using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Interest;
using RecsysBatch.Pipelines.Tests.Features;

namespace RecsysBatch.Pipelines.Tests.Interest;

[TestClass]
public sealed class ViewChangePointTests
{
    private static readonly long Day = EventTableBuilder.Day;
    private static readonly long Hour = Timestamps.MillisPerDay / 24;

    /// <summary>"mover": two views of a per day from 19 to 6 days back, then two of b per day; "steady": a and b every day.</summary>
    private static InterestProfiles Profiles()
    {
        var builder = new EventTableBuilder();
        for (var d = 0; d < 20; d++)
        {
            var category = d < 6 ? "b" : "a";
            builder.Before((d * Day) + Hour, "mover", "i", category, EventType.View)
                .Before((d * Day) + (2 * Hour), "mover", "i", category, EventType.View)
                .Before((d * Day) + Hour, "steady", "i", "a", EventType.View)
                .Before((d * Day) + (2 * Hour), "steady", "i", "b", EventType.View)
                // Clicks do not count: the split reads views only.
                .Before((d * Day) + (3 * Hour), "steady", "i", d < 6 ? "c" : "a", EventType.Click);
        }

        var events = builder.Build();
        var options = new InterestOptions();
        var index = UserEventIndex.Build(events, EventTableBuilder.CutoffMs, options.TypeWeights());
        return InterestProfiles.Build(index, InterestWindows.For(EventTableBuilder.CutoffMs, options, 7));
    }

    [TestMethod]
    public void Fit_MoveSixDaysBack_SplitsThereAndKeepsOnlyLaterViews()
    {
        var profiles = Profiles();
        const int mover = 0;
        var a = profiles.UserStart[mover];

        Assert.AreEqual(6, profiles.SplitDays[mover]);
        // The split separates the two categories completely: the gain is the whole window's entropy (28 a, 12 b).
        var whole = -((28 * Math.Log(28 / 40.0)) + (12 * Math.Log(12 / 40.0)));
        Assert.AreEqual(whole, profiles.SplitGain[mover], 1e-9);
        Assert.AreEqual(0, profiles.PostViews[a]);
        Assert.AreEqual(12, profiles.PostViews[a + 1]);
        Assert.AreEqual(12, profiles.PostViewSum[mover]);
        Assert.AreEqual(1.0, profiles.SharePostViews(a + 1, mover));
    }

    [TestMethod]
    public void Fit_SteadyMix_GainsLittleOverOneMix()
    {
        var profiles = Profiles();
        const int steady = 1;

        // Same mix every day: any split gains only rounding, far below the mover's 24 nats.
        Assert.IsLessThan(0.01, profiles.SplitGain[steady]);
        Assert.AreEqual(profiles.PostViews.Skip(profiles.UserStart[steady]).Sum(), profiles.PostViewSum[steady]);
    }
}
