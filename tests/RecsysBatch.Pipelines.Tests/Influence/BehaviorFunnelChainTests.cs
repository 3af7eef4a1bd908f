using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Influence;
using RecsysBatch.Pipelines.Tests.Features;
using static RecsysBatch.Pipelines.Tests.Influence.InfluenceHarness;

namespace RecsysBatch.Pipelines.Tests.Influence;

/// <summary>The sequential counts of behavior_funnel on a hand-built event list whose orders are known.</summary>
[TestClass]
public sealed class BehaviorFunnelChainTests
{
    private static readonly long Day = EventTableBuilder.Day;

    [TestMethod]
    public void RunAsync_HandBuiltOrders_ChainCountsOnlyPairsInTimeOrder()
    {
        using var folder = new TempFolder();
        // H = 7: funnel window [S − 7d, S); the exposure window needs one view (u0, i9) and the data a purchase.
        var events = new EventTableBuilder()
            .Before(10 * Day, "u0", "i9", "c1", EventType.View)
            // p1: view, click, cart, purchase in order: the whole chain.
            .Before(6 * Day, "u1", "i1", "c1", EventType.View).Before(5 * Day, "u1", "i1", "c1", EventType.Click)
            .Before(4 * Day, "u1", "i1", "c1", EventType.Cart).Before(3 * Day, "u1", "i1", "c1", EventType.Purchase, 5)
            // p2: the cart came before the view.
            .Before(6 * Day, "u2", "i1", "c1", EventType.Cart).Before(5 * Day, "u2", "i1", "c1", EventType.View)
            .Before(4 * Day, "u2", "i1", "c1", EventType.Click).Before(3 * Day, "u2", "i1", "c1", EventType.Purchase, 5)
            // p3: the cart came before the click.
            .Before(6 * Day, "u3", "i2", "c1", EventType.View).Before(5 * Day, "u3", "i2", "c1", EventType.Cart)
            .Before(4 * Day, "u3", "i2", "c1", EventType.Click).Before(3 * Day, "u3", "i2", "c1", EventType.Purchase, 5)
            // p4: view then click only.
            .Before(6 * Day, "u4", "i2", "c1", EventType.View).Before(5 * Day, "u4", "i2", "c1", EventType.Click)
            // p5: the click came before the view; then a purchase.
            .Before(6 * Day, "u5", "i3", "c1", EventType.Click).Before(5 * Day, "u5", "i3", "c1", EventType.View)
            .Before(4 * Day, "u5", "i3", "c1", EventType.Purchase, 5)
            // p6: a view only.
            .Before(5 * Day, "u6", "i3", "c1", EventType.View)
            // p7: view and click with the same timestamp count as in order.
            .Before(2 * Day, "u7", "i4", "c1", EventType.View).Before(2 * Day, "u7", "i4", "c1", EventType.Click)
            .Build();

        var context = Run(events, EventTableBuilder.Snapshot, folder.Path);

        var funnel = Table(context, InfluenceTables.Funnel);
        var steps = Enumerable.Range(0, funnel.RowCount).Where(r => (string?)Cell(funnel, r, "segment") == "overall")
            .ToDictionary(r => $"{Cell(funnel, r, "from_event")}>{Cell(funnel, r, "to_event")}");
        AssertChain(funnel, steps["view>click"], "view>click", 7, 5);
        AssertChain(funnel, steps["click>cart"], "view>click>cart", 5, 1);
        AssertChain(funnel, steps["cart>purchase"], "view>click>cart>purchase", 1, 1);
        AssertChain(funnel, steps["view>purchase"], "view>purchase", 7, 4);
        AssertChain(funnel, steps["click>purchase"], "view>click>purchase", 5, 3);

        // The unordered columns stay as they were: every pair with a cart (p1, p2, p3) bought after its first cart.
        Assert.AreEqual(3L, Cell(funnel, steps["cart>purchase"], "n"));
        Assert.AreEqual(1.0, (double)Cell(funnel, steps["cart>purchase"], "transition_rate")!, 1e-12);
    }

    [TestMethod]
    public void Reached_GreedyEarliestMatch_FindsAnOrderedMatchWhenALaterEventAllowsIt()
    {
        // A click before the view, then another click after it: the chain view > click holds through the second click.
        (EventType, long)[] pair = [(EventType.Click, 1), (EventType.View, 2), (EventType.Cart, 3), (EventType.Click, 4)];
        EventType[] chain = [EventType.View, EventType.Click, EventType.Cart];

        Assert.AreEqual(2, BehaviorFunnel.Reached(pair, chain));
        Assert.AreEqual(3, BehaviorFunnel.Reached([.. pair, (EventType.Cart, 5)], chain));
        Assert.AreEqual(0, BehaviorFunnel.Reached([(EventType.Cart, 1)], chain));
    }

    private static void AssertChain(Core.Tables.OutputTable funnel, int row, string chain, long from, long to)
    {
        Assert.AreEqual(chain, Cell(funnel, row, "chain"));
        Assert.AreEqual(from, Cell(funnel, row, "chain_from_pairs"), $"{chain}: pairs up to from_event");
        Assert.AreEqual(to, Cell(funnel, row, "chain_to_pairs"), $"{chain}: pairs up to to_event");
    }
}
