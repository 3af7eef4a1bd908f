using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Tests.Features;
using static RecsysBatch.Pipelines.Tests.Factorization.FactorizeHarness;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class CategoryBoostTests
{
    private static readonly long Day = EventTableBuilder.Day;
    private static readonly float[] Weights = [1, 1, 2, 3, 4, 1];
    private static readonly string[] PoolItems = ["a1", "a2", "a3", "b1", "b2", "b3"];

    /// <summary>
    /// "shopper" browsed category "old" heavily 20 days ago and "new" a little in the last hours; items a1..a3 (old)
    /// and b1..b3 (new) are unseen, and other users make a* more popular than b*.
    /// </summary>
    private static EventTable Shifted()
    {
        var builder = new EventTableBuilder();
        for (var n = 0; n < 30; n++)
        {
            builder.Before((20 * Day) + n, "shopper", $"old{n % 5}", "old", EventType.View);
        }

        builder.Before(3_600_000, "shopper", "new0", "new", EventType.View);
        builder.Before(3_600_001, "shopper", "new1", "new", EventType.View);
        for (var j = 1; j <= 3; j++)
        {
            for (var n = 0; n < 10 - j; n++)
            {
                builder.Before((2 * Day) + n, $"other{n}", $"a{j}", "old", EventType.View);
            }

            builder.Before(2 * Day, "other9", $"b{j}", "new", EventType.View);
        }

        return builder.Build();
    }

    [TestMethod]
    public void CategoryProfile_RecentCategory_OutweighsLongTermOneWithShortHalfLife()
    {
        var events = Shifted();
        var profile = CategoryProfile.Build(events, EventTableBuilder.CutoffMs, Weights, halfLifeDays: 0.5)!;
        var flat = CategoryProfile.Build(events, EventTableBuilder.CutoffMs, Weights, halfLifeDays: 1e6)!;
        var shopper = events.Users.GetOrAdd("shopper");
        var oldCategory = events.Categories.GetOrAdd("old");
        var newCategory = events.Categories.GetOrAdd("new");

        Assert.IsGreaterThan(0.99, profile.Share(shopper, newCategory));
        Assert.IsLessThan(0.1, flat.Share(shopper, newCategory));
        Assert.AreEqual(1.0, profile.Share(shopper, oldCategory) + profile.Share(shopper, newCategory), 1e-6);
        Assert.AreEqual(newCategory, profile.Category(events.Items.GetOrAdd("b1")));
    }

    [TestMethod]
    [DataRow(0.0, "a")]
    [DataRow(2.0, "b")]
    public void CategoryBoostRanker_RecentCategoryDiffersFromLongTerm_BoostPutsItsItemsFirst(double beta, string firstPrefix)
    {
        var events = Shifted();
        var profile = CategoryProfile.Build(events, EventTableBuilder.CutoffMs, Weights, halfLifeDays: 0.5)!;
        var shopper = events.Users.GetOrAdd("shopper");

        // MF prefers the long-term category a little: a* score 1.0, 0.95, 0.9 and b* 0.8, 0.75, 0.7.
        int[] pool = [.. PoolItems.Select(events.Items.GetOrAdd)];
        float[] scores = [1.0f, 0.95f, 0.9f, 0.8f, 0.75f, 0.7f];
        var items = new int[4];
        var combined = new double[4];

        var n = CategoryBoostRanker.Top(pool, scores, shopper, profile, beta, 4, items, combined);

        Assert.AreEqual(4, n);
        var names = items.Select(i => events.Items[i]).ToArray();
        Assert.IsTrue(names[..3].All(x => x.StartsWith(firstPrefix, StringComparison.Ordinal)), string.Join(",", names));
        Assert.IsTrue(combined.Zip(combined.Skip(1)).All(p => p.First >= p.Second));
    }

    [TestMethod]
    public void CategoryPopularityRanker_RecentCategory_RanksItsItemsAboveGloballyPopularOnes()
    {
        var events = Shifted();
        var train = Interactions.Build(events, long.MinValue, EventTableBuilder.CutoffMs, Weights);
        var profile = CategoryProfile.Build(events, EventTableBuilder.CutoffMs, Weights, halfLifeDays: 0.5)!;
        var shopper = events.Users.GetOrAdd("shopper");
        var top = new int[4];

        var n = new CategoryPopularityRanker(profile, train).Top(train, shopper, 4, top);
        var global = new int[4];
        new PopularityRanker(train.Popularity).Top(train, shopper, 4, global);

        Assert.AreEqual(4, n);
        Assert.IsTrue(top[..3].All(i => events.Items[i].StartsWith('b')), string.Join(",", top.Select(i => events.Items[i])));
        Assert.StartsWith("a", events.Items[global[0]]);
        Assert.IsFalse(top.Any(i => train.Seen(shopper, i)));
    }

    [TestMethod]
    [DataRow("{ \"topK\": 10, \"similarUsers\": 2 }", "mf_category")]
    [DataRow("{ \"topK\": 10, \"similarUsers\": 2, \"categoryBoost\": 0 }", "mf")]
    public void RunAsync_EventsWithCategories_CandidateSourceFollowsCategoryBoost(string options, string source)
    {
        var planted = PlantedEvents.Create(seed: 3);
        var builder = new EventTableBuilder();
        for (var j = 0; j < planted.Count; j++)
        {
            var item = planted.Items[planted.ItemKey[j]];
            builder.At(planted.TimestampMs[j], planted.Users[planted.UserKey[j]], item, $"c{PlantedEvents.GroupOfItem(item)}", planted.Type[j]);
        }

        var context = RunFactorize(builder.Build(), options);
        var candidates = Output(context, FactorizeTables.Candidates);
        var sources = Enumerable.Range(0, candidates.RowCount).Select(r => (string)Cell(candidates, "source", r)!).ToList();

        Assert.AreEqual(PlantedEvents.Groups * PlantedEvents.UsersPerGroup * 10, sources.Count(s => s == source));
        Assert.IsTrue(sources.All(s => s == source || s == "popular"));
        Assert.IsGreaterThan(Metric(context, "popularity", "recall@20"), Metric(context, "mf_category", "recall@20"));
        Assert.IsGreaterThan(0.0, Metric(context, "category_popularity", "recall@20"));
    }
}
