using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Tests.Features;

/// <summary>
/// The hand-checked table of the featurize tests. Keys by first appearance: categories c1=0, c2=1;
/// items i1, i2, i3, i4, i5, i7, i6. Expected values are worked out next to each assertion.
/// </summary>
internal static class HandMadeEvents
{
    public const long Hour = 3_600_000;

    public static EventTableBuilder Create()
    {
        var d = EventTableBuilder.Day;
        return new EventTableBuilder()
            .Before(d, "u1", "i1", "c1", EventType.View)                   // exactly 1 day back: inside 1d
            .Before(7 * d, "u1", "i2", "c1", EventType.View)               // exactly 7 days back: inside 7d, not 1d
            .Before((7 * d) + 1, "u1", "i1", "c2", EventType.View)         // 1 ms before the 7d window
            .Before(2 * d, "u1", "i1", "c1", EventType.Cart)
            .Before((2 * d) - Hour, "u1", "i1", "c1", EventType.Purchase, 10)
            .Before(40 * d, "u1", "i3", "c2", EventType.Purchase, 5)       // outside 30d, counts in totals
            .Before(3 * d, "u2", "i2", null, EventType.Purchase)           // purchase without amount
            .Before(5 * d, "u2", "i2", null, EventType.Rating, 4)
            .Before(50 * d, "u2", "i1", null, EventType.Rating, 2)
            .Before(3 * d, "u3", "i4", "c2", EventType.View)               // u3: c1 and c2 tie 2:2
            .Before(4 * d, "u3", "i5", "c1", EventType.View)
            .Before(20 * d, "u3", "i7", "c2", EventType.Click)             // i7: c1 and c2 tie 1:1
            .Before(21 * d, "u3", "i7", "c1", EventType.Click)
            .Before(10 * d, "u4", "i1", "c1", EventType.Purchase, 20)
            .Before(12 * d, "u4", "i1", "c1", EventType.Purchase)
            .Before(30 * d, "u4", "i6", "c2", EventType.Fav)               // exactly 30 days back: inside 30d
            .Before((30 * d) + 1, "u4", "i6", "c2", EventType.Fav);        // 1 ms before the 30d window
    }
}
