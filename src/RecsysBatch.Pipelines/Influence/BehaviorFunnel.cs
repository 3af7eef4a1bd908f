using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The behaviour funnel over (user, item) pairs viewed in [start, end): for each step from → to, the share of pairs
/// with a from event whose user did to on the same item at or after the first from (inside the window), and the
/// median hours between the two. Steps: view → click, click (or view without clicks in the data) → fav / cart,
/// and each of view, click, fav, cart → purchase.
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

                rows.Add(new FunnelRow(segment, from.ToName(), to.ToName(), n == 0 ? 0 : (double)hours.Count / n, Median(hours), n));
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
