using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Features;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Features;

[TestClass]
public sealed class ItemFeaturesTests
{
    private static OutputTable _items = null!;

    [ClassInitialize]
    public static void RunOnce(TestContext context)
    {
        using var folder = new TempFolder();
        _items = Output(Run(HandMadeEvents.Create().Build(), folder.Path), FeatureTables.ItemFeatures);
    }

    [TestMethod]
    public void Rows_HandMadeTable_OneRowPerItemInKeyOrder()
    {
        var ids = Enumerable.Range(0, _items.RowCount).Select(r => Cell(_items, "item_id", r)).ToArray();
        string[] expected = ["i1", "i2", "i3", "i4", "i5", "i7", "i6"];
        CollectionAssert.AreEqual(expected, ids);
    }

    [TestMethod]
    public void Counts_HandMadeTable_PerWindowAndDistinctUsers()
    {
        var i1 = RowOf(_items, "i1");
        Assert.AreEqual(1, Cell(_items, "view_count_1d", i1));
        Assert.AreEqual(1, Cell(_items, "view_count_7d", i1));
        Assert.AreEqual(2, Cell(_items, "view_count_30d", i1));
        Assert.AreEqual(1, Cell(_items, "purchase_count_7d", i1));
        Assert.AreEqual(3, Cell(_items, "purchase_count_30d", i1));
        Assert.AreEqual(7, Cell(_items, "events_total", i1));
        Assert.AreEqual(2, Cell(_items, "distinct_users_30d", i1)); // u1, u4; u2's rating is 50 days old
        Assert.AreEqual(2, Cell(_items, "distinct_users_30d", RowOf(_items, "i2")));
        Assert.AreEqual(1, Cell(_items, "fav_count_30d", RowOf(_items, "i6")));
    }

    [TestMethod]
    public void Rates_PurchasesWithoutLoggedViews_ReportedAboveOne()
    {
        var i1 = RowOf(_items, "i1");
        Assert.AreEqual(0.5, Cell(_items, "view_to_cart_30d", i1));
        Assert.AreEqual(3.0, Cell(_items, "cart_to_purchase_30d", i1));
        Assert.AreEqual(1.5, Cell(_items, "view_to_purchase_30d", i1));
        Assert.IsNull(Cell(_items, "view_to_cart_30d", RowOf(_items, "i7")));
    }

    [TestMethod]
    public void AvgPurchaseValue_PurchasesWithAndWithoutAmounts_MeanOfKnownAmountsOrNull()
    {
        Assert.AreEqual(15.0, Cell(_items, "avg_purchase_value", RowOf(_items, "i1"))); // 10 and 20; one purchase without amount
        Assert.IsNull(Cell(_items, "avg_purchase_value", RowOf(_items, "i2")));        // only a purchase without amount
        Assert.AreEqual(5.0, Cell(_items, "avg_purchase_value", RowOf(_items, "i3")));  // outside 30d still counts
    }

    [TestMethod]
    public void Ratings_HandMadeTable_AverageAndCount()
    {
        var i1 = RowOf(_items, "i1");
        Assert.AreEqual(2.0, Cell(_items, "avg_rating", i1));
        Assert.AreEqual(1, Cell(_items, "rating_count", i1));
        Assert.AreEqual(4.0, Cell(_items, "avg_rating", RowOf(_items, "i2")));
        Assert.IsNull(Cell(_items, "avg_rating", RowOf(_items, "i4")));
        Assert.AreEqual(0, Cell(_items, "rating_count", RowOf(_items, "i4")));
    }

    [TestMethod]
    public void Category_MixedAndTiedCategories_MostFrequentThenSmallestKey()
    {
        Assert.AreEqual("c1", Cell(_items, "category_id", RowOf(_items, "i1"))); // c1 five times, c2 once, none once
        Assert.AreEqual("c1", Cell(_items, "category_id", RowOf(_items, "i7"))); // 1:1, c2 seen first on i7
        Assert.AreEqual("c2", Cell(_items, "category_id", RowOf(_items, "i6")));
        Assert.AreEqual("c1", Cell(_items, "category_id", RowOf(_items, "i2"))); // events without category ignored
    }

    [TestMethod]
    public void Recency_HandMadeTable_FirstLastAndDaysSince()
    {
        var i1 = RowOf(_items, "i1");
        var cutoff = EventTableBuilder.Snapshot.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Assert.AreEqual(cutoff.AddDays(-50), Cell(_items, "first_event_at", i1));
        Assert.AreEqual(cutoff.AddDays(-1), Cell(_items, "last_event_at", i1));
        Assert.AreEqual(1.0, Cell(_items, "days_since_last_event", i1));
        Assert.AreEqual(30.0, Cell(_items, "days_since_last_event", RowOf(_items, "i6"))); // the later of its two favs
    }
}
