using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The confounders X of each unit, from events before the exposure window (user history, item popularity,
/// conversion and price, category conversion, the user's interest in the category, the pair's history) and the
/// pair's view count and recency inside the exposure window. Behaviours in the exposure window other than views
/// are left out: they may be caused by the treatment (mediators).
/// </summary>
internal static class UnitFeatures
{
    public static readonly string[] Names =
    [
        "user_events", "user_purchases", "user_conversion", "user_tenure_days", "user_window_items",
        "item_views", "item_conversion", "item_window_views", "item_log_price", "item_price_missing",
        "category_conversion", "category_views", "user_category_share",
        "pair_history_events", "pair_bought_before", "pair_views", "pair_recency",
        "user_click_rate", "user_fav_rate", "user_cart_rate",
        "user_window_click_rate_others", "user_window_fav_rate_others", "user_window_cart_rate_others",
    ];

    /// <summary>Prior weight of the smoothed conversion rates (pseudo-views at the global rate).</summary>
    private const double Prior = 20;

    /// <summary>Smoothed rate of a behaviour per opportunity (views, or views plus clicks), 0 without history.</summary>
    private static double Rate(int count, int opportunities) => (count + 0.5) / (opportunities + 1.0);

    /// <summary>
    /// The user's rate of a behaviour on their other units of the exposure window (this pair left out): the user's
    /// propensity to click, save or cart, which drives purchases too, without the treatment itself.
    /// </summary>
    private static double OtherRate(HistoryCounts h, PairUnits units, int u, EventType type)
    {
        var user = units.User[u];
        var others = h.UserWindowItems[user] - 1;
        var count = h.UserWindowTreated[user, (int)type] - (units.Treated[(int)type][u] ? 1 : 0);
        return (count + 0.5) / (others + 1.0);
    }

    public static float[][] Build(EventTable events, PairUnits units, InfluenceWindows windows)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(units);
        var h = new HistoryCounts(events, windows, units);
        var views = h.ItemViews.Sum();
        var purchases = h.ItemPurchases.Sum();
        var global = (purchases + 1.0) / (views + 2.0);
        var span = (double)(windows.ExposureEnd - windows.ExposureStart);
        var features = new float[Names.Length][];
        for (var f = 0; f < Names.Length; f++)
        {
            features[f] = new float[units.Count];
        }

        for (var u = 0; u < units.Count; u++)
        {
            var user = units.User[u];
            var item = units.Item[u];
            var category = units.Category[u];
            var catViews = category >= 0 ? h.CategoryViews[category] : 0;
            var catPurchases = category >= 0 ? h.CategoryPurchases[category] : 0;
            h.UserCategory.TryGetValue(((long)user << 32) | (uint)Math.Max(category, 0), out var userCategory);
            h.PairHistory.TryGetValue(((long)user << 32) | (uint)item, out var pair);
            var price = h.ItemAmountCount[item] > 0 ? h.ItemAmountSum[item] / h.ItemAmountCount[item] : double.NaN;
            var row = new double[]
            {
                Math.Log(1 + h.UserEvents[user]),
                Math.Log(1 + h.UserPurchases[user]),
                (h.UserPurchases[user] + (Prior * global)) / (h.UserViews[user] + Prior),
                Math.Log(1 + (h.UserFirstMs[user] == long.MaxValue ? 0 : (windows.ExposureStart - h.UserFirstMs[user]) / (double)Timestamps.MillisPerDay)),
                Math.Log(1 + h.UserWindowItems[user]),
                Math.Log(1 + h.ItemViews[item]),
                (h.ItemPurchases[item] + (Prior * global)) / (h.ItemViews[item] + Prior),
                Math.Log(1 + h.ItemWindowViews[item]),
                double.IsNaN(price) || price <= 0 ? 0 : Math.Log(price),
                double.IsNaN(price) || price <= 0 ? 1 : 0,
                (catPurchases + (Prior * global)) / (catViews + Prior),
                Math.Log(1 + catViews),
                userCategory.Events / (h.UserEvents[user] + 1.0),
                Math.Log(1 + pair.Events),
                pair.Purchases > 0 ? 1 : 0,
                Math.Log(units.Views[u]),
                (windows.ExposureEnd - units.LastViewMs[u]) / span,
                Rate(h.UserType[user, (int)EventType.Click], h.UserViews[user]),
                Rate(h.UserType[user, (int)EventType.Fav], h.UserType[user, (int)EventType.Click] + h.UserViews[user]),
                Rate(h.UserType[user, (int)EventType.Cart], h.UserType[user, (int)EventType.Click] + h.UserViews[user]),
                OtherRate(h, units, u, EventType.Click),
                OtherRate(h, units, u, EventType.Fav),
                OtherRate(h, units, u, EventType.Cart),
            };
            for (var f = 0; f < row.Length; f++)
            {
                features[f][u] = (float)row[f];
            }
        }

        return features;
    }
}
