using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Influence;
using RecsysBatch.Pipelines.Tests.Features;
using RecsysBatch.Pipelines.Tests.Value;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Influence;

/// <summary>
/// behavior_funnel against a direct reading of its definition (per segment, per step, pair by pair over each pair's
/// events in the window) on random logs: pairs without a view, events without an item or before the window, ties,
/// top categories and value tiers (with a user the value stage did not score).
/// </summary>
[TestClass]
public sealed class BehaviorFunnelReferenceTests
{
    private static readonly EventType[] Types = [EventType.View, EventType.Click, EventType.Fav, EventType.Cart, EventType.Purchase];

    [TestMethod]
    [DataRow(1, false)]
    [DataRow(2, true)]
    [DataRow(3, true)]
    public void Build_RandomLogs_EqualsTheDefinitionPairByPair(int seed, bool tiers)
    {
        var random = new Random(seed);
        var builder = new EventTableBuilder();
        for (var e = 0; e < 3000; e++)
        {
            var item = random.Next(40);
            // Hours before the cutoff: the funnel window is the last 7 days, the exposure window the 7 before; a few
            // events share their hour with another (ties), some have no item.
            builder.Before(random.Next(1, 14 * 24) * 3_600_000L, "u" + random.Next(60), random.Next(50) == 0 ? null : "i" + item, "c" + (item % 6),
                Types[random.Next(10) switch { < 5 => 0, < 7 => 1, 7 => 2, 8 => 3, _ => 4 }]);
        }

        var events = builder.Build();
        var windows = InfluenceWindows.At(EventTableBuilder.CutoffMs, 7);
        var units = PairUnits.Build(events, windows);
        var data = new RunData();
        if (tiers)
        {
            // u59 gets no score: value_tier:none.
            var users = Enumerable.Range(0, 59).Select(u => "u" + u).ToArray();
            data.AddOutput(ValueHarness.ScoresTable(users, [.. users.Select((_, i) => "ABC"[i % 3].ToString())]));
        }

        var segments = InfluenceSegments.Create(events, units, data, topCategories: 3);
        Assert.AreEqual(tiers, segments.Names.Contains("value_tier:none"));

        var rows = BehaviorFunnel.Build(events, windows.ExposureEnd, windows.OutcomeEnd, segments);

        var expected = Reference(events, windows.ExposureEnd, windows.OutcomeEnd, segments.Names, data);
        Assert.HasCount(expected.Count, rows);
        Assert.HasCount(segments.Names.Count * 7, rows, "every segment has all seven steps");
        for (var r = 0; r < rows.Count; r++)
        {
            Assert.AreEqual(expected[r], rows[r], $"row {r}");
        }

        Assert.IsTrue(rows.Any(r => r.Segment.StartsWith("category:", StringComparison.Ordinal) && r.ChainToPairs > 0));
    }

    /// <summary>The funnel as its definition reads, one segment and step at a time over the viewed pairs' event lists.</summary>
    private static List<FunnelRow> Reference(EventTable events, long start, long end, IReadOnlyList<string> names, RunData data)
    {
        var pairs = new Dictionary<(int User, int Item), List<(EventType Type, long Ts)>>();
        var category = new Dictionary<int, int>();
        for (var e = 0; e < events.Count; e++)
        {
            category.TryAdd(events.ItemKey[e], events.CategoryKey[e]);
            if (events.TimestampMs[e] >= start && events.TimestampMs[e] < end && events.ItemKey[e] >= 0)
            {
                var key = (events.UserKey[e], events.ItemKey[e]);
                if (!pairs.TryGetValue(key, out var list))
                {
                    pairs[key] = list = [];
                }

                list.Add((events.Type[e], events.TimestampMs[e]));
            }
        }

        var present = pairs.Values.SelectMany(l => l.Select(x => x.Type)).ToHashSet();
        var tiers = data.GetOutput(ValueTables.UserValueScores) is { } scores
            ? scores.Column<string>(ValueTables.UserIdColumn).Values.Zip(scores.Column<string>(ValueTables.ValueTierColumn).Values).ToDictionary(x => x.First, x => x.Second)
            : null;
        var viewed = pairs.Where(p => p.Value.Exists(x => x.Type == EventType.View)).ToList();
        var rows = new List<FunnelRow>();
        foreach (var segment in names)
        {
            var members = viewed.Where(p => segment == "overall"
                || segment == "category:" + events.Categories[category[p.Key.Item]]
                || (tiers is not null && segment == "value_tier:" + tiers.GetValueOrDefault(events.Users[p.Key.User], "none"))).Select(p => p.Value).ToList();
            foreach (var (from, to) in BehaviorFunnel.Steps(present))
            {
                var chain = BehaviorFunnel.Chain(from, to, present);
                var withFrom = members.Where(l => l.Exists(x => x.Type == from)).ToList();
                var hours = new List<double>();
                foreach (var list in withFrom)
                {
                    var first = list.Where(x => x.Type == from).Min(x => x.Ts);
                    var next = list.Where(x => x.Type == to && x.Ts >= first).Select(x => (long?)x.Ts).Min();
                    if (next is { } ts)
                    {
                        hours.Add((ts - first) / 3_600_000.0);
                    }
                }

                hours.Sort();
                var median = hours.Count == 0 ? double.NaN
                    : hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[(hours.Count / 2) - 1] + hours[hours.Count / 2]) / 2;
                rows.Add(new FunnelRow(segment, from.ToName(), to.ToName(), withFrom.Count == 0 ? 0 : (double)hours.Count / withFrom.Count, median, withFrom.Count,
                    string.Join('>', chain.Select(c => c.ToName())),
                    members.Count(l => BehaviorFunnel.Reached(l, chain) >= chain.Count - 1), members.Count(l => BehaviorFunnel.Reached(l, chain) == chain.Count)));
            }
        }

        return rows;
    }
}
