using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Tests.Features;
using static RecsysBatch.Pipelines.Tests.Factorization.FactorizeHarness;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class FactorizeHoldoutTests
{
    private static readonly long Day = EventTableBuilder.Day;

    [TestMethod]
    [DataRow(9, 7, 2)]
    [DataRow(30, 7, 7)]
    [DataRow(3, 7, 1)]
    [DataRow(40, 5, 5)]
    public void HoldoutDays_NoOption_HorizonCappedAtAQuarterOfTheHistory(int historyDays, int horizonDays, int expected)
    {
        var builder = new EventTableBuilder();
        for (var d = 0; d < historyDays; d++)
        {
            for (var n = 0; n < 200; n++)
            {
                builder.Before((d * Day) + 1 + n, $"u{n % 7}", $"i{n}", null, EventType.View);
            }
        }

        // A stray event long before the rest (as in the Taobao slice) must not stretch the history.
        var events = builder.Before(80 * Day, "u0", "i0", null, EventType.View).Build();

        Assert.AreEqual(expected, FactorizeEvaluation.HoldoutDays(events, EventTableBuilder.CutoffMs, horizonDays, new FactorizeOptions()));
        Assert.AreEqual(3, FactorizeEvaluation.HoldoutDays(events, EventTableBuilder.CutoffMs, horizonDays, new FactorizeOptions { HoldoutDays = 3 }));
    }

    [TestMethod]
    public void RunAsync_HoldoutDaysOption_ShorterHoldOutHasFewerUsersWithNewItems()
    {
        var events = PlantedEvents.Create(seed: 9);

        var horizon = RunFactorize(events, """{ "topK": 5, "similarUsers": 2 }""");
        var oneDay = RunFactorize(events, """{ "topK": 5, "similarUsers": 2, "holdoutDays": 1 }""");

        Assert.AreEqual(7.0, Metric(horizon, "holdout", "days"));
        Assert.AreEqual(1.0, Metric(oneDay, "holdout", "days"));
        Assert.IsLessThan(Metric(horizon, "holdout", "users"), Metric(oneDay, "holdout", "users"));
        Assert.IsGreaterThan(0.0, Metric(oneDay, "holdout", "users"));
    }
}
