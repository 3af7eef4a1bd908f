using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Tests.Features;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class InteractionsTests
{
    private static readonly long Day = EventTableBuilder.Day;

    [TestMethod]
    public void Cells_HalfLife_EventWeightHalvesPerHalfLifeOfAgeAndPopularityDoesNot()
    {
        var events = new EventTableBuilder()
            .Before(4 * Day, "u", "old", null, EventType.View)
            .Before(2 * Day, "u", "mid", null, EventType.View)
            .Before(1, "u", "new", null, EventType.View)
            .Build();
        var options = new FactorizeOptions { HalfLifeDays = 2, LogEpsilon = 0 };

        var data = options.Cells(events, long.MinValue, EventTableBuilder.CutoffMs);

        var u = events.Users.GetOrAdd("u");
        Assert.AreEqual(0.25, Value(data, u, events.Items.GetOrAdd("old")), 1e-6);
        Assert.AreEqual(0.5, Value(data, u, events.Items.GetOrAdd("mid")), 1e-6);
        Assert.AreEqual(1.0, Value(data, u, events.Items.GetOrAdd("new")), 1e-6);
        Assert.AreEqual(1.0, data.Popularity[events.Items.GetOrAdd("old")]);
    }

    [TestMethod]
    public void Cells_LogEpsilon_SummedWeightIsLogScaled()
    {
        var events = new EventTableBuilder()
            .Before(Day, "u", "a", null, EventType.View)
            .Before(Day, "u", "a", null, EventType.View)
            .Before(Day, "u", "a", null, EventType.Purchase)
            .Before(Day, "u", "b", null, EventType.View)
            .Build();
        var options = new FactorizeOptions { LogEpsilon = 0.5 };

        var data = options.Cells(events, long.MinValue, EventTableBuilder.CutoffMs);

        var u = events.Users.GetOrAdd("u");
        var summed = (2 * options.ViewWeight) + options.PurchaseWeight;
        Assert.AreEqual(Math.Log(1 + (summed / 0.5)), Value(data, u, events.Items.GetOrAdd("a")), 1e-5);
        Assert.AreEqual(Math.Log(1 + (options.ViewWeight / 0.5)), Value(data, u, events.Items.GetOrAdd("b")), 1e-5);
    }

    /// <summary>
    /// Two taste groups; user "shifter" viewed group A long ago and group B lately, as many items of each. With a
    /// half-life the unseen items of the recent group B must gain on those of A, and lead them.
    /// </summary>
    [TestMethod]
    public void Train_HalfLife_RecentTasteScoresAboveOldTaste()
    {
        var random = new Random(3);
        var builder = new EventTableBuilder();
        for (var u = 0; u < 60; u++)
        {
            var group = u % 2 == 0 ? "a" : "b";
            for (var i = 0; i < 20; i++)
            {
                if (random.NextDouble() < 0.4)
                {
                    builder.Before(1 + random.NextInt64(20 * Day), $"u{u}", $"{group}{i}", null, EventType.View);
                }
            }
        }

        for (var i = 0; i < 5; i++)
        {
            builder.Before((18 * Day) + i, "shifter", $"a{i}", null, EventType.View);
            builder.Before(Day + i, "shifter", $"b{i}", null, EventType.View);
        }

        var events = builder.Build();
        var plain = RecentMinusOld(events, new FactorizeOptions { Rank = 8, Lambda = 1 });
        var decayed = RecentMinusOld(events, new FactorizeOptions { Rank = 8, Lambda = 1, HalfLifeDays = 3 });

        Assert.IsGreaterThan(plain, decayed, $"recent-minus-old score: plain {plain:F4}, decayed {decayed:F4}");
        Assert.IsGreaterThan(0.0, decayed);
    }

    private static double RecentMinusOld(EventTable events, FactorizeOptions options)
    {
        var data = options.Cells(events, long.MinValue, EventTableBuilder.CutoffMs);
        var model = AlsTrainer.Train(data.ToMatrix("test"), options.ToTrainerOptions(seed: 7));
        var u = events.Users.GetOrAdd("shifter");
        double Mean(string group) => Enumerable.Range(5, 15).Average(i => model.Score(u, events.Items.GetOrAdd($"{group}{i}")));
        return Mean("b") - Mean("a");
    }

    private static double Value(Interactions data, int user, int item)
    {
        var row = data.ItemsOf(user);
        var at = row.BinarySearch(item);
        Assert.IsGreaterThanOrEqualTo(0, at);
        return data.ByUser.Value[data.ByUser.Start[user] + at];
    }
}
