using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The behaviour funnel over (user, item) pairs viewed in [start, end): for each step from → to, the share of pairs
/// with a from event whose user did to on the same item at or after the first from (inside the window), and the
/// median hours between the two. Steps: view → click, click (or view without clicks in the data) → fav / cart,
/// and each of view, click, fav, cart → purchase. Each step also counts its chain (<see cref="Chain"/>): the pairs that
/// did the chain's events in time order (each at or after the previous one), up to from and up to to, so that
/// chain_to_pairs of view → click, click → cart, cart → purchase is the sequential view → click → cart → purchase funnel.
/// </summary>
internal static class BehaviorFunnel
{
    public static IReadOnlyList<FunnelRow> Build(EventTable events, long start, long end, InfluenceSegments segments)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(segments);
        var pairs = new Dictionary<long, List<(EventType Type, long Ts)>>();
        var type = events.Type;
        var ts = events.TimestampMs;
        var present = new HashSet<EventType>();
        for (var e = 0; e < events.Count; e++)
        {
            if (ts[e] < start || ts[e] >= end || events.ItemKey[e] < 0)
            {
                continue;
            }

            var key = ((long)events.UserKey[e] << 32) | (uint)events.ItemKey[e];
            if (!pairs.TryGetValue(key, out var list))
            {
                pairs[key] = list = [];
            }

            list.Add((type[e], ts[e]));
            present.Add(type[e]);
        }

        var category = new Dictionary<int, int>();
        for (var e = 0; e < events.Count; e++)
        {
            category.TryAdd(events.ItemKey[e], events.CategoryKey[e]);
        }

        var steps = Steps(present);
        var rows = new List<FunnelRow>();
        var viewed = pairs.Where(p => p.Value.Exists(x => x.Type == EventType.View)).OrderBy(p => p.Key).ToList();
        foreach (var segment in segments.Names)
        {
            var members = viewed.Where(p => segments.Of((int)(p.Key >> 32), category.GetValueOrDefault((int)(uint)p.Key, -1)).Contains(segment)).ToList();
            foreach (var (from, to) in steps)
            {
                long n = 0;
                var hours = new List<double>();
                foreach (var (_, list) in members)
                {
                    var first = list.Where(x => x.Type == from).Select(x => x.Ts).DefaultIfEmpty(long.MaxValue).Min();
                    if (first == long.MaxValue)
                    {
                        continue;
                    }

                    n++;
                    var next = list.Where(x => x.Type == to && x.Ts >= first).Select(x => x.Ts).DefaultIfEmpty(long.MaxValue).Min();
                    if (next != long.MaxValue)
                    {
                        hours.Add((next - first) / 3_600_000.0);
                    }
                }

                var chain = Chain(from, to, present);
                long chainFrom = 0, chainTo = 0;
                foreach (var (_, list) in members)
                {
                    var reached = Reached(list, chain);
                    chainFrom += reached >= chain.Count - 1 ? 1 : 0;
                    chainTo += reached == chain.Count ? 1 : 0;
                }

                rows.Add(new FunnelRow(segment, from.ToName(), to.ToName(), n == 0 ? 0 : (double)hours.Count / n, Median(hours), n,
                    string.Join('>', chain.Select(c => c.ToName())), chainFrom, chainTo));
            }
        }

        return rows;
    }

    /// <summary>The funnel steps whose both ends occur in the window (view and purchase always listed when present).</summary>
    public static IReadOnlyList<(EventType From, EventType To)> Steps(IReadOnlySet<EventType> present)
    {
        ArgumentNullException.ThrowIfNull(present);
        var upper = present.Contains(EventType.Click) ? EventType.Click : EventType.View;
        var steps = new List<(EventType, EventType)>
        {
            (EventType.View, EventType.Click),
            (upper, EventType.Fav),
            (upper, EventType.Cart),
            (EventType.View, EventType.Purchase),
            (EventType.Click, EventType.Purchase),
            (EventType.Fav, EventType.Purchase),
            (EventType.Cart, EventType.Purchase),
        };
        return [.. steps.Where(s => present.Contains(s.Item1) && present.Contains(s.Item2))];
    }

    /// <summary>
    /// The ordered chain a step belongs to: view, then click when the window has clicks and from is not view, then
    /// from (fav or cart), then to. E.g. cart → purchase: view > click > cart > purchase.
    /// </summary>
    public static IReadOnlyList<EventType> Chain(EventType from, EventType to, IReadOnlySet<EventType> present)
    {
        ArgumentNullException.ThrowIfNull(present);
        var chain = new List<EventType> { EventType.View };
        if (from != EventType.View && present.Contains(EventType.Click))
        {
            chain.Add(EventType.Click);
        }

        if (from is not EventType.View and not EventType.Click)
        {
            chain.Add(from);
        }

        chain.Add(to);
        return chain;
    }

    /// <summary>
    /// How many leading steps of <paramref name="chain"/> the pair did in time order: each step matched to the earliest
    /// event of its type at or after the previous match (greedy earliest matching finds an ordered match whenever one exists).
    /// </summary>
    public static int Reached(IReadOnlyList<(EventType Type, long Ts)> events, IReadOnlyList<EventType> chain)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(chain);
        var after = long.MinValue;
        for (var step = 0; step < chain.Count; step++)
        {
            var next = long.MaxValue;
            foreach (var (type, ts) in events)
            {
                if (type == chain[step] && ts >= after && ts < next)
                {
                    next = ts;
                }
            }

            if (next == long.MaxValue)
            {
                return step;
            }

            after = next;
        }

        return chain.Count;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
