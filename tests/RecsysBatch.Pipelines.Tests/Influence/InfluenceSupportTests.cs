using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Influence;
using RecsysBatch.Pipelines.Tests.Features;
using static RecsysBatch.Pipelines.Tests.Influence.InfluenceHarness;

namespace RecsysBatch.Pipelines.Tests.Influence;

/// <summary>
/// The stage's support columns, flags, E-values and summary warnings, on pairs whose clicks and purchases the test
/// draws and tallies itself (H = 7: exposure window 14 to 7 days before the snapshot, outcome window the last 7).
/// </summary>
[TestClass]
public sealed class InfluenceSupportTests
{
    private static readonly long Day = EventTableBuilder.Day;

    [TestMethod]
    public void RunAsync_NoClickedPairBought_NullEstimateAndIntervalFlaggedAndWarned()
    {
        using var folder = new TempFolder();
        var (events, _) = Pairs(users: 200, seed: 11, buyIfClicked: 0, buyIfNot: 0.1);

        var context = Run(events, EventTableBuilder.Snapshot, folder.Path, """{ "behaviors": ["click"] }""");

        var table = Table(context, InfluenceTables.Coefficients);
        var row = CoefficientRow(table, "click", "overall");
        Assert.AreEqual(0L, Cell(table, row, "treated_outcomes"));
        Assert.IsGreaterThanOrEqualTo(10L, (long)Cell(table, row, "control_outcomes")!, "only the treated arm lacks purchases");
        Assert.IsNull(Cell(table, row, "estimate"));
        Assert.IsNull(Cell(table, row, "ci_low"));
        Assert.IsNull(Cell(table, row, "ci_high"));
        Assert.IsNull(Cell(table, row, "e_value"));
        Assert.IsNull(Cell(table, row, "e_value_ci"));
        CollectionAssert.Contains(((string)Cell(table, row, "flags")!).Split(','), "few_outcomes");
        StringAssert.StartsWith((string?)Cell(table, row, "note"), "few outcomes");
        Assert.IsTrue(context.Data.Notes.Any(n => n.StartsWith("influence: click -> purchase (overall) has no estimate: few outcomes", StringComparison.Ordinal) && n.Contains("few_outcomes", StringComparison.Ordinal)),
            string.Join("\n", context.Data.Notes));
    }

    [TestMethod]
    public void RunAsync_RandomPairs_SupportCountsEqualIndependentTallyAndEValueUsesControlRate()
    {
        using var folder = new TempFolder();
        var (events, pairs) = Pairs(users: 200, seed: 12, buyIfClicked: 0.35, buyIfNot: 0.12);

        var context = Run(events, EventTableBuilder.Snapshot, folder.Path, """{ "behaviors": ["click"] }""");

        var table = Table(context, InfluenceTables.Coefficients);
        foreach (var (segment, members) in new[] { ("overall", pairs), ("category:c1", pairs.Where(p => p.Category == "c1").ToList()) })
        {
            var row = CoefficientRow(table, "click", segment);
            Assert.AreEqual((long)members.Count(p => p.Clicked), Cell(table, row, "treated_units"), segment);
            Assert.AreEqual((long)members.Count(p => p.Clicked && p.Bought), Cell(table, row, "treated_outcomes"), segment);
            Assert.AreEqual((long)members.Count(p => !p.Clicked), Cell(table, row, "control_units"), segment);
            Assert.AreEqual((long)members.Count(p => !p.Clicked && p.Bought), Cell(table, row, "control_outcomes"), segment);
        }

        var overall = CoefficientRow(table, "click", "overall");
        var p0 = pairs.Count(p => !p.Clicked && p.Bought) / (double)pairs.Count(p => !p.Clicked);
        var estimate = (double)Cell(table, overall, "estimate")!;
        var rr = (p0 + estimate) / p0;
        var ratio = rr >= 1 ? rr : 1 / rr;
        Assert.AreEqual(ratio + Math.Sqrt(ratio * (ratio - 1)), (double)Cell(table, overall, "e_value")!, 1e-9);
        Assert.IsGreaterThanOrEqualTo(1.0, (double)Cell(table, overall, "e_value_ci")!);
    }

    /// <summary>
    /// Each user views 4 distinct items in the exposure window (and each once more a month earlier, as history), clicks
    /// some, and buys some in the outcome window; plus one item viewed only before the exposure window and bought in
    /// the outcome window (not a unit), and a purchase inside the exposure window (not an outcome).
    /// </summary>
    private static (EventTable Events, List<Pair> Pairs) Pairs(int users, int seed, double buyIfClicked, double buyIfNot)
    {
        var random = new Random(seed);
        var builder = new EventTableBuilder();
        var pairs = new List<Pair>();
        for (var u = 0; u < users; u++)
        {
            var user = $"u{u}";
            for (var k = 0; k < 4; k++)
            {
                var index = ((u * 7) + (k * 11)) % 40;
                var (item, category) = ($"i{index}", $"c{index % 4}");
                var at = (8 * Day) + random.NextInt64(6 * Day);
                builder.Before(at + (20 * Day), user, item, category, EventType.View);
                builder.Before(at, user, item, category, EventType.View);
                var clicked = random.NextDouble() < 0.4;
                if (clicked)
                {
                    builder.Before(at - 1000, user, item, category, EventType.Click);
                }

                var bought = random.NextDouble() < (clicked ? buyIfClicked : buyIfNot);
                if (bought)
                {
                    builder.Before(random.NextInt64(6 * Day) + 1, user, item, category, EventType.Purchase, 3);
                }
                else if (k == 0)
                {
                    builder.Before(at - 2000, user, item, category, EventType.Purchase, 3);
                }

                pairs.Add(new Pair(clicked, bought, category));
            }

            var other = ((u * 7) + 5) % 40;
            builder.Before(25 * Day, user, $"i{other}", $"c{other % 4}", EventType.View);
            builder.Before(Day, user, $"i{other}", $"c{other % 4}", EventType.Purchase, 3);
        }

        return (builder.Build(), pairs);
    }

    private sealed record Pair(bool Clicked, bool Bought, string Category);
}
