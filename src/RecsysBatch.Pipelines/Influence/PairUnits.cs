using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The units of the estimand: (user, item) pairs with a view in the exposure window, their treatments (each
/// behaviour in the exposure window), the outcome (a purchase of the item in the outcome window), and the
/// pair's view count and last view in the exposure window.
/// </summary>
internal sealed class PairUnits
{
    private PairUnits(int count)
    {
        User = new int[count];
        Item = new int[count];
        Category = new int[count];
        Views = new int[count];
        LastViewMs = new long[count];
        Treated = new bool[EventTypes.Count][];
        for (var t = 0; t < EventTypes.Count; t++)
        {
            Treated[t] = new bool[count];
        }

        Purchased = new bool[count];
    }

    public int Count => User.Length;

    public int[] User { get; }

    public int[] Item { get; }

    /// <summary>The item's category (of its first exposure view), or <see cref="EventTable.NoKey"/>.</summary>
    public int[] Category { get; }

    public int[] Views { get; }

    public long[] LastViewMs { get; }

    /// <summary>Per event type, whether the user did it on the item in the exposure window.</summary>
    public bool[][] Treated { get; }

    public bool[] Purchased { get; }

    /// <summary>Event types seen at least once on a unit in the exposure window.</summary>
    public HashSet<EventType> TypesPresent { get; } = [];

    public static PairUnits Build(EventTable events, InfluenceWindows windows)
    {
        ArgumentNullException.ThrowIfNull(events);
        var index = new Dictionary<long, int>();
        var types = events.Type;
        var ts = events.TimestampMs;
        var users = events.UserKey;
        var items = events.ItemKey;
        var categories = events.CategoryKey;
        var order = new List<(int User, int Item, int Category)>();
        for (var e = 0; e < events.Count; e++)
        {
            if (types[e] == EventType.View && items[e] != EventTable.NoKey && windows.InExposure(ts[e]))
            {
                var key = Key(users[e], items[e]);
                if (!index.ContainsKey(key))
                {
                    index[key] = order.Count;
                    order.Add((users[e], items[e], categories[e]));
                }
            }
        }

        // Units in (user, item) order, not in time order, so ties and event order in the file change nothing.
        var sorted = Enumerable.Range(0, order.Count).OrderBy(i => order[i].User).ThenBy(i => order[i].Item).ToArray();
        var units = new PairUnits(order.Count);
        for (var u = 0; u < sorted.Length; u++)
        {
            var (user, item, category) = order[sorted[u]];
            units.User[u] = user;
            units.Item[u] = item;
            units.Category[u] = category;
            index[Key(user, item)] = u;
        }

        for (var e = 0; e < events.Count; e++)
        {
            if (items[e] == EventTable.NoKey || !index.TryGetValue(Key(users[e], items[e]), out var u))
            {
                continue;
            }

            if (windows.InExposure(ts[e]))
            {
                units.Treated[(int)types[e]][u] = true;
                units.TypesPresent.Add(types[e]);
                if (types[e] == EventType.View)
                {
                    units.Views[u]++;
                    units.LastViewMs[u] = Math.Max(units.LastViewMs[u], ts[e]);
                }
            }
            else if (types[e] == EventType.Purchase && windows.InOutcome(ts[e]))
            {
                units.Purchased[u] = true;
            }
        }

        return units;
    }

    private static long Key(int user, int item) => ((long)user << 32) | (uint)item;
}
