using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// The look-back windows of the windowed counts. Window w is [cutoff - w days, cutoff): an event exactly
/// w days before the cutoff is inside, which is why the hot loops test <c>age &lt;= w days</c>.
/// </summary>
internal static class FeatureWindows
{
    public const int Count = 3;

    /// <summary>Number of (type, window) count columns.</summary>
    public const int CountColumns = EventTypes.Count * Count;

    public const long OneDayMs = Timestamps.MillisPerDay;

    public const long SevenDaysMs = 7 * Timestamps.MillisPerDay;

    public const long ThirtyDaysMs = 30 * Timestamps.MillisPerDay;

    /// <summary>Window lengths in days, in column order.</summary>
    public static IReadOnlyList<int> Days { get; } = [1, 7, 30];

    /// <summary>Index of the (type, window) count column: windows vary fastest.</summary>
    public static int CountIndex(EventType type, int window) => ((int)type * Count) + window;

    public static string CountColumnName(int countIndex) =>
        $"{EventTypes.All[countIndex / Count]}_count_{Days[countIndex % Count]}d";
}
