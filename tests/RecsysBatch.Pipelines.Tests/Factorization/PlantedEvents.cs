using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Tests.Features;

namespace RecsysBatch.Pipelines.Tests.Factorization;

/// <summary>
/// Implicit events with planted taste groups: user g·… views items of group g (probability 0.3 per item over the
/// 30 days before the snapshot) and, rarely, any item; item popularity within a group falls off so popularity
/// is a fair baseline. User "loner" has a single event: too little history for the model.
/// </summary>
internal static class PlantedEvents
{
    public const int Groups = 4;
    public const int UsersPerGroup = 40;
    public const int ItemsPerGroup = 30;

    public static EventTable Create(int seed)
    {
        var random = new Random(seed);
        var builder = new EventTableBuilder();
        var day = EventTableBuilder.Day;
        for (var u = 0; u < Groups * UsersPerGroup; u++)
        {
            for (var i = 0; i < Groups * ItemsPerGroup; i++)
            {
                var own = i / ItemsPerGroup == u / UsersPerGroup;
                var p = own ? 0.5 - (0.3 * (i % ItemsPerGroup) / ItemsPerGroup) : 0.01;
                if (random.NextDouble() < p)
                {
                    var type = random.NextDouble() < 0.1 ? EventType.Purchase : EventType.View;
                    builder.Before(1 + random.NextInt64(30 * day), User(u), Item(i), null, type);
                }
            }
        }

        return builder.Before(day, "loner", Item(0), null, EventType.View).Build();
    }

    public static string User(int u) => $"u{u}";

    public static string Item(int i) => $"i{i}";

    public static int GroupOfUser(string id) => int.Parse(id.AsSpan(1), provider: null) / UsersPerGroup;

    public static int GroupOfItem(string id) => int.Parse(id.AsSpan(1), provider: null) / ItemsPerGroup;
}
