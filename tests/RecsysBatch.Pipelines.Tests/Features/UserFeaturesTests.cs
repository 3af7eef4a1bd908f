using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Features;
using static RecsysBatch.Pipelines.Tests.Features.FeaturizeHarness;

namespace RecsysBatch.Pipelines.Tests.Features;

[TestClass]
public sealed class UserFeaturesTests
{
    private const double Tolerance = 1e-12;

    private static OutputTable _users = null!;

    [ClassInitialize]
    public static void RunOnce(TestContext context)
    {
        using var folder = new TempFolder();
        _users = Output(Run(HandMadeEvents.Create().Build(), folder.Path), FeatureTables.UserFeatures);
    }

    [TestMethod]
    public void Rows_HandMadeTable_OneRowPerUserInKeyOrder()
    {
        Assert.AreEqual(4, _users.RowCount);
        string[] expected = ["u1", "u2", "u3", "u4"];
        CollectionAssert.AreEqual(expected, Enumerable.Range(0, 4).Select(r => Cell(_users, "user_id", r)).ToArray());
    }

    [TestMethod]
    public void Counts_EventsAtWindowEdges_StartInsideAndOneMsEarlierOutside()
    {
        var u1 = RowOf(_users, "u1");
        Assert.AreEqual(1, Cell(_users, "view_count_1d", u1));   // 1 day back exactly
        Assert.AreEqual(2, Cell(_users, "view_count_7d", u1));   // + 7 days back exactly
        Assert.AreEqual(3, Cell(_users, "view_count_30d", u1));  // + 7 days and 1 ms back
        Assert.AreEqual(0, Cell(_users, "cart_count_1d", u1));
        Assert.AreEqual(1, Cell(_users, "cart_count_7d", u1));
        Assert.AreEqual(1, Cell(_users, "purchase_count_30d", u1)); // the 40-day-old purchase is outside
        Assert.AreEqual(0, Cell(_users, "rating_count_30d", u1));
        Assert.AreEqual(6, Cell(_users, "events_total", u1));
        var u4 = RowOf(_users, "u4");
        Assert.AreEqual(1, Cell(_users, "fav_count_30d", u4));   // 30 days back exactly in, 1 ms more out
        Assert.AreEqual(0, Cell(_users, "fav_count_7d", u4));
        Assert.AreEqual(4, Cell(_users, "events_total", u4));
    }

    [TestMethod]
    public void Recency_HandMadeTable_FractionalDaysAndTimestamps()
    {
        var u1 = RowOf(_users, "u1");
        var cutoff = EventTableBuilder.Snapshot.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Assert.AreEqual(cutoff.AddDays(-40), Cell(_users, "first_event_at", u1));
        Assert.AreEqual(cutoff.AddDays(-1), Cell(_users, "last_event_at", u1));
        Assert.AreEqual(DateTimeKind.Utc, ((DateTime)Cell(_users, "last_event_at", u1)!).Kind);
        Assert.AreEqual(40.0, (double)Cell(_users, "tenure_days", u1)!, Tolerance);
        Assert.AreEqual(1.0, (double)Cell(_users, "days_since_last_event", u1)!, Tolerance);
        Assert.AreEqual(2 - (1 / 24.0), (double)Cell(_users, "days_since_last_purchase", u1)!, Tolerance);
        Assert.IsNull(Cell(_users, "days_since_last_purchase", RowOf(_users, "u3")));
        Assert.AreEqual(50.0, (double)Cell(_users, "tenure_days", RowOf(_users, "u2"))!, Tolerance);
    }

    [TestMethod]
    public void ActiveDays_HandMadeTable_CountsDistinctUtcDaysIn30d()
    {
        Assert.AreEqual(4, Cell(_users, "active_days_30d", RowOf(_users, "u1"))); // days 0, 1 (cart and purchase), 6, 7
        Assert.AreEqual(2, Cell(_users, "active_days_30d", RowOf(_users, "u2"))); // 50-day-old rating is outside
        Assert.AreEqual(3, Cell(_users, "active_days_30d", RowOf(_users, "u4"))); // days 9, 11, 29
    }

    [TestMethod]
    public void Monetary_WithAndWithoutAmounts_SumsOrNull()
    {
        var u1 = RowOf(_users, "u1");
        Assert.AreEqual(10.0, Cell(_users, "monetary_30d", u1));
        Assert.AreEqual(15.0, Cell(_users, "monetary_total", u1));
        var u2 = RowOf(_users, "u2"); // purchased, but never with an amount
        Assert.IsNull(Cell(_users, "monetary_30d", u2));
        Assert.IsNull(Cell(_users, "monetary_total", u2));
        var u4 = RowOf(_users, "u4"); // one purchase with and one without an amount
        Assert.AreEqual(20.0, Cell(_users, "monetary_total", u4));
        Assert.IsNull(Cell(_users, "monetary_total", RowOf(_users, "u3")));
    }

    [TestMethod]
    public void Ratings_HandMadeTable_AverageOrNull()
    {
        Assert.AreEqual(3.0, Cell(_users, "avg_rating", RowOf(_users, "u2")));
        Assert.IsNull(Cell(_users, "avg_rating", RowOf(_users, "u1")));
    }

    [TestMethod]
    public void ConversionRates_ZeroDenominators_Null()
    {
        var u1 = RowOf(_users, "u1");
        Assert.AreEqual(1 / 3.0, (double)Cell(_users, "view_to_cart_30d", u1)!, Tolerance);
        Assert.AreEqual(1.0, (double)Cell(_users, "cart_to_purchase_30d", u1)!, Tolerance);
        Assert.AreEqual(1 / 3.0, (double)Cell(_users, "view_to_purchase_30d", u1)!, Tolerance);
        var u4 = RowOf(_users, "u4"); // purchases, no views, no carts
        Assert.IsNull(Cell(_users, "view_to_cart_30d", u4));
        Assert.IsNull(Cell(_users, "cart_to_purchase_30d", u4));
        Assert.IsNull(Cell(_users, "view_to_purchase_30d", u4));
    }

    [TestMethod]
    public void Distinct_HandMadeTable_ItemsAndCategoriesIn30d()
    {
        var u1 = RowOf(_users, "u1");
        Assert.AreEqual(2, Cell(_users, "distinct_items_30d", u1)); // i1, i2; i3 is 40 days old
        Assert.AreEqual(2, Cell(_users, "distinct_categories_30d", u1));
        var u2 = RowOf(_users, "u2");
        Assert.AreEqual(1, Cell(_users, "distinct_items_30d", u2));
        Assert.AreEqual(0, Cell(_users, "distinct_categories_30d", u2));
        Assert.AreEqual(3, Cell(_users, "distinct_items_30d", RowOf(_users, "u3")));
    }

    [TestMethod]
    public void TopCategory_MajorityAndTie_SmallestKeyWinsTies()
    {
        var u1 = RowOf(_users, "u1"); // c1: view, view, cart, purchase; c2: one view
        Assert.AreEqual("c1", Cell(_users, "top_category_id", u1));
        Assert.AreEqual(0.8, (double)Cell(_users, "top_category_share_30d", u1)!, Tolerance);
        var u3 = RowOf(_users, "u3"); // 2:2, c2 seen first by u3 but c1 has the smaller key
        Assert.AreEqual("c1", Cell(_users, "top_category_id", u3));
        Assert.AreEqual(0.5, (double)Cell(_users, "top_category_share_30d", u3)!, Tolerance);
        var u2 = RowOf(_users, "u2"); // no categories
        Assert.IsNull(Cell(_users, "top_category_id", u2));
        Assert.IsNull(Cell(_users, "top_category_share_30d", u2));
    }
}
