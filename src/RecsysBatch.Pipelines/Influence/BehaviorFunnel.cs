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
        var (keys, types, times, present) = WindowEvents(events, start, end);
        var itemCategory = ItemCategories(events);
        var steps = Steps(present);
        var chains = steps.Select(s => Chain(s.From, s.To, present)).ToArray();
        var names = segments.Names;
        // Per segment and step: pairs with a from event, the hours to the first later to event, and the chain counts.
        var n = new long[names.Count, steps.Count];
        var chainFrom = new long[names.Count, steps.Count];
        var chainTo = new long[names.Count, steps.Count];
        var hours = new List<double>[names.Count, steps.Count];
        for (var i = 0; i < names.Count; i++)
        {
            for (var j = 0; j < steps.Count; j++)
            {
                hours[i, j] = [];
            }
        }

        Span<int> member = stackalloc int[InfluenceSegments.MaxSegmentsPerUnit];
        // The window's events sorted by pair: each pair's events are one run of equal keys.
        for (var first = 0; first < keys.Length;)
        {
            var last = first + 1;
            while (last < keys.Length && keys[last] == keys[first])
            {
                last++;
            }

            var pairTypes = types.AsSpan(first, last - first);
            var pairTimes = times.AsSpan(first, last - first);
            var key = keys[first];
            first = last;
            if (!pairTypes.Contains(EventType.View))
            {
                continue;
            }

            var count = segments.Of((int)(key >> 32), itemCategory[(int)(uint)key], member);
            for (var j = 0; j < steps.Count; j++)
            {
                var from = Earliest(pairTypes, pairTimes, steps[j].From, long.MinValue);
                if (from == long.MaxValue)
                {
                    continue;
                }

                var to = Earliest(pairTypes, pairTimes, steps[j].To, from);
                var reached = Reached(pairTypes, pairTimes, chains[j]);
                // A pair without a from event (skipped above) reaches at most the steps before from: no chain count.
                foreach (var segment in member[..count])
                {
                    n[segment, j]++;
                    if (to != long.MaxValue)
                    {
                        hours[segment, j].Add((to - from) / 3_600_000.0);
                    }

                    chainFrom[segment, j] += reached >= chains[j].Count - 1 ? 1 : 0;
                    chainTo[segment, j] += reached == chains[j].Count ? 1 : 0;
                }
            }
        }

        var rows = new List<FunnelRow>();
        for (var i = 0; i < names.Count; i++)
        {
            for (var j = 0; j < steps.Count; j++)
            {
                rows.Add(new FunnelRow(names[i], steps[j].From.ToName(), steps[j].To.ToName(), n[i, j] == 0 ? 0 : (double)hours[i, j].Count / n[i, j],
                    Median(hours[i, j]), n[i, j], string.Join('>', chains[j].Select(c => c.ToName())), chainFrom[i, j], chainTo[i, j]));
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
        return Reached([.. events.Select(e => e.Type)], [.. events.Select(e => e.Ts)], chain);
    }

    private static int Reached(ReadOnlySpan<EventType> types, ReadOnlySpan<long> times, IReadOnlyList<EventType> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var after = long.MinValue;
        for (var step = 0; step < chain.Count; step++)
        {
            var next = Earliest(types, times, chain[step], after);
            if (next == long.MaxValue)
            {
                return step;
            }

            after = next;
        }

        return chain.Count;
    }

    /// <summary>The earliest time of a <paramref name="type"/> event at or after <paramref name="after"/>; long.MaxValue when none.</summary>
    private static long Earliest(ReadOnlySpan<EventType> types, ReadOnlySpan<long> times, EventType type, long after)
    {
        var earliest = long.MaxValue;
        for (var i = 0; i < types.Length; i++)
        {
            if (types[i] == type && times[i] >= after && times[i] < earliest)
            {
                earliest = times[i];
            }
        }

        return earliest;
    }

    /// <summary>
    /// The events in [start, end) with an item as pair keys (user in the high half, item in the low), types and times,
    /// sorted by pair, and the event types among them.
    /// </summary>
    private static (long[] Keys, EventType[] Types, long[] Times, HashSet<EventType> Present) WindowEvents(EventTable events, long start, long end)
    {
        var type = events.Type;
        var ts = events.TimestampMs;
        var users = events.UserKey;
        var items = events.ItemKey;
        var count = 0;
        for (var e = 0; e < events.Count; e++)
        {
            count += ts[e] >= start && ts[e] < end && items[e] >= 0 ? 1 : 0;
        }

        var keys = new long[count];
        var order = new int[count];
        var at = 0;
        for (var e = 0; e < events.Count; e++)
        {
            if (ts[e] >= start && ts[e] < end && items[e] >= 0)
            {
                keys[at] = ((long)users[e] << 32) | (uint)items[e];
                order[at++] = e;
            }
        }

        // Within a pair the order does not matter: every count below takes the earliest event of a type after a time.
        Array.Sort(keys, order);
        var types = new EventType[count];
        var times = new long[count];
        var present = new HashSet<EventType>();
        for (var i = 0; i < count; i++)
        {
            types[i] = type[order[i]];
            times[i] = ts[order[i]];
            present.Add(types[i]);
        }

        return (keys, types, times, present);
    }

    /// <summary>Per item key, the category of its first event in the table (its category in the funnel's segments).</summary>
    private static int[] ItemCategories(EventTable events)
    {
        var categories = new int[events.Items.Count];
        var seen = new bool[events.Items.Count];
        var items = events.ItemKey;
        var category = events.CategoryKey;
        for (var e = 0; e < events.Count; e++)
        {
            if (items[e] >= 0 && !seen[items[e]])
            {
                seen[items[e]] = true;
                categories[items[e]] = category[e];
            }
        }

        return categories;
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
