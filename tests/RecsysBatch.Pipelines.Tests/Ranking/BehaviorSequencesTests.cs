using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class BehaviorSequencesTests
{
    private const long Cutoff = 1_000_000_000;
    private static readonly long[] PurchaseCartView = [5, 4, 1, 0, 0];
    private static readonly float[] ThreeOfFive = [1f, 1f, 1f, 0f, 0f];
    private static readonly string[] NewestFive = ["c7", "c6", "c5", "c4", "c3"];

    [TestMethod]
    public void Build_FewerEventsThanLength_NewestFirstThenPadding()
    {
        var events = new EventTable();
        Add(events, "u", "c1", EventType.View, Cutoff - 300);
        Add(events, "u", "c2", EventType.Purchase, Cutoff - 100);
        Add(events, "u", null, EventType.Cart, Cutoff - 200);
        var batch = Sequence(events, "u");
        CollectionAssert.AreEqual(new[] { CategoryIndex.Of("c2", 11), 0, CategoryIndex.Of("c1", 11), 0, 0 }, batch.BehaviorCategories);
        CollectionAssert.AreEqual(PurchaseCartView, batch.BehaviorEventTypes);
        CollectionAssert.AreEqual(ThreeOfFive, batch.BehaviorMask);
    }

    [TestMethod]
    public void Build_MoreEventsThanLength_KeepsTheNewest()
    {
        var events = new EventTable();
        for (var i = 0; i < 8; i++)
        {
            Add(events, "u", "c" + i, EventType.Click, Cutoff - 1000 + i);
        }

        var batch = Sequence(events, "u");
        CollectionAssert.AreEqual(NewestFive.Select(c => CategoryIndex.Of(c, 11)).ToArray(), batch.BehaviorCategories);
    }

    [TestMethod]
    public void Build_EventsAtOrAfterCutoff_ChangeNothing()
    {
        var events = new EventTable();
        Add(events, "u", "c1", EventType.View, Cutoff - 5);
        Add(events, "v", "c2", EventType.View, Cutoff - 7);
        var before = Sequence(events, "u");
        Add(events, "u", "c3", EventType.Purchase, Cutoff);
        Add(events, "u", "c4", EventType.Purchase, Cutoff + 1);
        var after = Sequence(events, "u");
        CollectionAssert.AreEqual(before.BehaviorCategories, after.BehaviorCategories);
        CollectionAssert.AreEqual(before.BehaviorEventTypes, after.BehaviorEventTypes);
        CollectionAssert.AreEqual(before.BehaviorMask, after.BehaviorMask);
    }

    [TestMethod]
    public void Build_ShuffledLogWithEqualTimes_MatchesTheNewestFirstSortWithLaterRowsNewer()
    {
        var random = new Random(5);
        var events = new EventTable();
        for (var e = 0; e < 600; e++)
        {
            // Few distinct times: many ties, which the later row wins; some events at or after the cutoff.
            Add(events, "u" + random.Next(12), "c" + random.Next(9), (EventType)random.Next(5), Cutoff - 40 + random.Next(45));
        }

        var sequences = BehaviorSequences.Build(events, Cutoff, 5, 11);
        var contract = RankerFixtures.SmallContract();
        for (var user = 0; user < events.Users.Count; user++)
        {
            var batch = new RankerBatch(contract, 1) { Count = 1 };
            sequences.CopyTo(user, batch, 0);
            var newest = Enumerable.Range(0, events.Count)
                .Where(e => events.UserKey[e] == user && events.TimestampMs[e] < Cutoff)
                .OrderByDescending(e => events.TimestampMs[e]).ThenByDescending(e => e).Take(5).ToArray();
            var expected = newest.Select(e => CategoryIndex.Of(events.Categories[events.CategoryKey[e]], 11))
                .Concat(Enumerable.Repeat(0L, 5 - newest.Length)).ToArray();
            CollectionAssert.AreEqual(expected, batch.BehaviorCategories, $"user {user}");
            CollectionAssert.AreEqual(newest.Select(e => CategoryIndex.OfEventType(events.Type[e])).Concat(Enumerable.Repeat(0L, 5 - newest.Length)).ToArray(),
                batch.BehaviorEventTypes, $"user {user}");
        }
    }

    [TestMethod]
    public void CategoryIndex_AnyId_InOneToBucketsMinusOneAndStable()
    {
        for (var i = 0; i < 500; i++)
        {
            var index = CategoryIndex.Of("cat-" + i, 11);
            Assert.IsInRange(1L, 10L, index);
            Assert.AreEqual(index, CategoryIndex.Of("cat-" + i, 11));
        }

        Assert.AreNotEqual(CategoryIndex.Of("a", 1024), CategoryIndex.Of("b", 1024));
    }

    private static void Add(EventTable events, string user, string? category, EventType type, long ts) =>
        events.Add(events.Users.GetOrAdd(user), events.Items.GetOrAdd("i"), category is null ? EventTable.NoKey : events.Categories.GetOrAdd(category), type, ts, double.NaN);

    private static RankerBatch Sequence(EventTable events, string user)
    {
        var batch = new RankerBatch(RankerFixtures.SmallContract(), 1) { Count = 1 };
        events.Users.TryGetKey(user, out var key);
        BehaviorSequences.Build(events, Cutoff, 5, 11).CopyTo(key, batch, 0);
        return batch;
    }
}
