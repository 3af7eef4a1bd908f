using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Tests.Features;

/// <summary>Seeded random event tables for tests that need volume rather than hand-checked values.</summary>
internal static class SyntheticEvents
{
    public static EventTable Create(int users, int items, int categories, int events, int seed, int spanDays = 60)
    {
        var random = new Random(seed);
        var table = new EventTable(events);
        for (var u = 0; u < users; u++)
        {
            table.Users.GetOrAdd($"u{u}");
        }

        for (var i = 0; i < items; i++)
        {
            table.Items.GetOrAdd($"i{i}");
        }

        for (var c = 0; c < categories; c++)
        {
            table.Categories.GetOrAdd($"c{c}");
        }

        var cutoff = EventTableBuilder.CutoffMs;
        var span = spanDays * Timestamps.MillisPerDay;
        for (var e = 0; e < events; e++)
        {
            var user = e < users ? e : random.Next(users);
            var item = e < items ? e : random.Next(items);
            var type = (EventType)random.Next(EventTypes.Count);
            var value = type switch
            {
                EventType.Purchase => random.Next(4) == 0 ? double.NaN : Math.Round(random.NextDouble() * 100, 2),
                EventType.Rating => random.Next(1, 6),
                _ => double.NaN,
            };
            table.Add(user, item, item % categories, type, cutoff - 1 - random.NextInt64(span), value);
        }

        return table;
    }
}
