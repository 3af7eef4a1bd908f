using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Influence;
using RecsysBatch.Pipelines.Tests.Features;
using static RecsysBatch.Pipelines.Tests.Influence.InfluenceHarness;

namespace RecsysBatch.Pipelines.Tests.Influence;

[TestClass]
public sealed class InfluenceStageTests
{
    private const long Hour = 3_600_000;
    private static readonly long Day = EventTableBuilder.Day;
    private static readonly string[] ExpectedSteps = ["view>click", "click>cart", "view>purchase", "click>purchase", "cart>purchase"];

    [TestMethod]
    public void RunAsync_HandMadeFunnel_CountsStepsRatesAndMedianHours()
    {
        using var folder = new TempFolder();
        // H = 7: funnel window [S − 7d, S); exposure window [S − 14d, S − 7d). No fav anywhere.
        var events = new EventTableBuilder()
            .Before(10 * Day, "u1", "i1", "c1", EventType.View)
            .Before(3 * Day, "u1", "i1", "c1", EventType.View)
            .Before((3 * Day) - Hour, "u1", "i1", "c1", EventType.Click)
            .Before((3 * Day) - (3 * Hour), "u1", "i1", "c1", EventType.Cart)
            .Before(2 * Day, "u1", "i1", "c1", EventType.Purchase, 10)
            .Before(2 * Day, "u2", "i1", "c1", EventType.View)
            .Before((2 * Day) - (2 * Hour), "u2", "i1", "c1", EventType.Click)
            .Before(1 * Day, "u3", "i2", "c2", EventType.View)
            .Before(5 * Day, "u4", "i2", "c2", EventType.Purchase, 5)
            .Before(4 * Day, "u5", "i3", "c1", EventType.View)
            .Before((4 * Day) - (Hour / 2), "u5", "i3", "c1", EventType.Purchase, 7)
            .Build();

        var context = Run(events, EventTableBuilder.Snapshot, folder.Path);

        var funnel = Table(context, InfluenceTables.Funnel);
        var steps = Enumerable.Range(0, funnel.RowCount).Where(r => (string?)Cell(funnel, r, "segment") == "overall")
            .ToDictionary(r => $"{Cell(funnel, r, "from_event")}>{Cell(funnel, r, "to_event")}");
        CollectionAssert.AreEquivalent(ExpectedSteps, steps.Keys.ToArray());
        AssertStep(funnel, steps["view>click"], 4, 0.5, 1.5);
        AssertStep(funnel, steps["click>cart"], 2, 0.5, 2);
        AssertStep(funnel, steps["view>purchase"], 4, 0.5, (24 + 0.5) / 2);
        AssertStep(funnel, steps["click>purchase"], 2, 0.5, 23);
        AssertStep(funnel, steps["cart>purchase"], 1, 1, 21);
        var c1 = Enumerable.Range(0, funnel.RowCount).Single(r => (string?)Cell(funnel, r, "segment") == "category:c1" && (string?)Cell(funnel, r, "from_event") == "view" && (string?)Cell(funnel, r, "to_event") == "click");
        AssertStep(funnel, c1, 3, 2.0 / 3, 1.5);

        // The only unit of the exposure window, (u1, i1), was viewed only: no treated units, a null row and a note.
        var coefficients = Table(context, InfluenceTables.Coefficients);
        var click = CoefficientRow(coefficients, "click", "overall");
        Assert.IsNull(Cell(coefficients, click, "estimate"));
        Assert.AreEqual("no treated units", Cell(coefficients, click, "note"));
        Assert.AreEqual(1L, Cell(coefficients, click, "control_units"));
        Assert.IsTrue(context.Data.Notes.Any(n => n.Contains("click -> purchase (overall) has no estimate: no treated units", StringComparison.Ordinal)));
        Assert.IsTrue(context.Data.Notes.Any(n => n.Contains("fav not in the data", StringComparison.Ordinal)));
        Assert.IsFalse(Enumerable.Range(0, coefficients.RowCount).Any(r => (string?)Cell(coefficients, r, "behavior") == "fav"));
    }

    [TestMethod]
    public void RunAsync_TooFewUnitsInsideBounds_NullEstimateNamesOverlap()
    {
        using var folder = new TempFolder();
        var events = RandomPairs(users: 150, seed: 3);

        var context = Run(events, EventTableBuilder.Snapshot, folder.Path, """{ "behaviors": ["click"], "minArmUnits": 100000 }""");

        var table = Table(context, InfluenceTables.Coefficients);
        var row = CoefficientRow(table, "click", "overall");
        Assert.IsNull(Cell(table, row, "estimate"));
        Assert.IsNull(Cell(table, row, "ci_low"));
        StringAssert.StartsWith((string?)Cell(table, row, "note"), "no overlap after trimming");
        Assert.IsNotNull(Cell(table, row, "naive_estimate"));
        Assert.IsGreaterThan(0L, (long)Cell(table, row, "treated_units")!);
        Assert.IsTrue(context.Data.Notes.Any(n => n.Contains("no overlap after trimming", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void RunAsync_SameInputTwice_IdenticalTables()
    {
        using var folder = new TempFolder();
        var first = Table(Run(RandomPairs(users: 150, seed: 4), EventTableBuilder.Snapshot, folder.Path), InfluenceTables.Coefficients);
        var second = Table(Run(RandomPairs(users: 150, seed: 4), EventTableBuilder.Snapshot, folder.Path), InfluenceTables.Coefficients);

        Assert.AreEqual(first.RowCount, second.RowCount);
        Assert.IsNotNull(Cell(first, CoefficientRow(first, "click", "overall"), "estimate"));
        for (var c = 0; c < first.Columns.Count; c++)
        {
            for (var r = 0; r < first.RowCount; r++)
            {
                Assert.AreEqual(first.Columns[c].GetValue(r), second.Columns[c].GetValue(r));
            }
        }
    }

    /// <summary>Users viewing items in the exposure window, clicking some, buying some in the outcome window.</summary>
    private static EventTable RandomPairs(int users, int seed)
    {
        var random = new Random(seed);
        var builder = new EventTableBuilder();
        for (var u = 0; u < users; u++)
        {
            for (var k = 0; k < 4; k++)
            {
                var index = random.Next(40);
                var item = $"i{index}";
                var category = $"c{index % 4}";
                var at = (8 * Day) + random.NextInt64(6 * Day);
                builder.Before(at + (20 * Day), $"u{u}", item, category, EventType.View);
                builder.Before(at, $"u{u}", item, category, EventType.View);
                var clicked = random.NextDouble() < 0.4;
                if (clicked)
                {
                    builder.Before(at - 1000, $"u{u}", item, category, EventType.Click);
                }

                if (random.NextDouble() < (clicked ? 0.3 : 0.1))
                {
                    builder.Before(random.NextInt64(6 * Day) + 1, $"u{u}", item, category, EventType.Purchase, 3);
                }
            }
        }

        return builder.Build();
    }

    private static void AssertStep(OutputTable funnel, int row, long n, double rate, double medianHours)
    {
        Assert.AreEqual(n, Cell(funnel, row, "n"));
        Assert.AreEqual(rate, (double)Cell(funnel, row, "transition_rate")!, 1e-12);
        Assert.AreEqual(medianHours, (double)Cell(funnel, row, "median_hours")!, 1e-9);
    }
}
