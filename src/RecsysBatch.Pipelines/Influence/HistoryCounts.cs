using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>Counts behind <see cref="UnitFeatures"/>: per user, item, category and pair, before the exposure window (and a few in it).</summary>
internal sealed class HistoryCounts
{
    public HistoryCounts(EventTable events, InfluenceWindows windows, PairUnits units)
    {
        var users = events.Users.Count;
        var items = Math.Max(events.Items.Count, 1);
        var categories = Math.Max(events.Categories.Count, 1);
        UserEvents = new int[users];
        UserViews = new int[users];
        UserPurchases = new int[users];
        UserFirstMs = new long[users];
        Array.Fill(UserFirstMs, long.MaxValue);
        UserWindowItems = new int[users];
        UserType = new int[users, EventTypes.Count];
        UserWindowTreated = new int[users, EventTypes.Count];
        ItemViews = new int[items];
        ItemPurchases = new int[items];
        ItemWindowViews = new int[items];
        ItemAmountSum = new double[items];
        ItemAmountCount = new int[items];
        CategoryViews = new int[categories];
        CategoryPurchases = new int[categories];
        var type = events.Type;
        var ts = events.TimestampMs;
        var user = events.UserKey;
        var item = events.ItemKey;
        var category = events.CategoryKey;
        var unitPairs = new HashSet<long>();
        for (var u = 0; u < units.Count; u++)
        {
            unitPairs.Add(((long)units.User[u] << 32) | (uint)units.Item[u]);
            UserWindowItems[units.User[u]]++;
            for (var t = 0; t < EventTypes.Count; t++)
            {
                UserWindowTreated[units.User[u], t] += units.Treated[t][u] ? 1 : 0;
            }
        }

        for (var e = 0; e < events.Count; e++)
        {
            var t = ts[e];
            if (windows.InExposure(t) && type[e] == EventType.View && item[e] >= 0)
            {
                ItemWindowViews[item[e]]++;
            }

            if (t >= windows.ExposureStart)
            {
                continue;
            }

            var u = user[e];
            UserEvents[u]++;
            UserFirstMs[u] = Math.Min(UserFirstMs[u], t);
            var isView = type[e] == EventType.View;
            var isPurchase = type[e] == EventType.Purchase;
            UserViews[u] += isView ? 1 : 0;
            UserType[u, (int)type[e]]++;
            UserPurchases[u] += isPurchase ? 1 : 0;
            if (item[e] >= 0)
            {
                ItemViews[item[e]] += isView ? 1 : 0;
                ItemPurchases[item[e]] += isPurchase ? 1 : 0;
                if (isPurchase && double.IsFinite(events.Value[e]) && events.Value[e] > 0)
                {
                    ItemAmountSum[item[e]] += events.Value[e];
                    ItemAmountCount[item[e]]++;
                }

                var pairKey = ((long)u << 32) | (uint)item[e];
                if (unitPairs.Contains(pairKey))
                {
                    var pair = PairHistory.GetValueOrDefault(pairKey);
                    PairHistory[pairKey] = (pair.Events + 1, pair.Purchases + (isPurchase ? 1 : 0));
                }
            }

            if (category[e] >= 0)
            {
                CategoryViews[category[e]] += isView ? 1 : 0;
                CategoryPurchases[category[e]] += isPurchase ? 1 : 0;
                var key = ((long)u << 32) | (uint)category[e];
                UserCategory[key] = (UserCategory.GetValueOrDefault(key).Events + 1, 0);
            }
        }
    }

    public int[] UserEvents { get; }
    public int[] UserViews { get; }
    public int[] UserPurchases { get; }
    public long[] UserFirstMs { get; }
    public int[] UserWindowItems { get; }

    /// <summary>Per user and event type, events before the exposure window.</summary>
    public int[,] UserType { get; }

    /// <summary>Per user and event type, the user's units of the exposure window with that behaviour.</summary>
    public int[,] UserWindowTreated { get; }
    public int[] ItemViews { get; }
    public int[] ItemPurchases { get; }
    public int[] ItemWindowViews { get; }
    public double[] ItemAmountSum { get; }
    public int[] ItemAmountCount { get; }
    public int[] CategoryViews { get; }
    public int[] CategoryPurchases { get; }
    public Dictionary<long, (int Events, int Purchases)> UserCategory { get; } = [];
    public Dictionary<long, (int Events, int Purchases)> PairHistory { get; } = [];
}
