using System.Globalization;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// Why the influence stage cannot run on these events, naming the real cause and the real fix: a source without view
/// events (ratings, order lines) is outside the stage's scope whatever the horizon; views that start after the exposure
/// window need a shorter horizon; views that end before it need an earlier snapshot; a gap needs another snapshot.
/// </summary>
internal static class InfluenceSkipReason
{
    /// <summary>Null when the exposure window has a view and the events have a purchase.</summary>
    public static string? Of(EventTable events, DateOnly snapshot, long cutoffMs, int horizon)
    {
        ArgumentNullException.ThrowIfNull(events);
        var windows = InfluenceWindows.At(cutoffMs, horizon);
        long firstView = long.MaxValue, lastView = long.MinValue;
        var inWindow = false;
        var purchases = false;
        var types = new SortedSet<EventType>();
        for (var e = 0; e < events.Count; e++)
        {
            var ts = events.TimestampMs[e];
            var type = events.Type[e];
            purchases |= type == EventType.Purchase;
            if (ts >= cutoffMs)
            {
                continue;
            }

            types.Add(type);
            if (type == EventType.View)
            {
                firstView = Math.Min(firstView, ts);
                lastView = Math.Max(lastView, ts);
                inWindow |= windows.InExposure(ts);
            }
        }

        var start = snapshot.AddDays(-2 * horizon);
        var window = string.Create(CultureInfo.InvariantCulture, $"[{start:yyyy-MM-dd}, {start.AddDays(horizon):yyyy-MM-dd}) (snapshot - 2 x {horizon} days to snapshot - {horizon} days)");
        if (firstView == long.MaxValue)
        {
            return $"the source has no view events before the snapshot (its events: {string.Join(", ", types.Select(t => t.ToName()))}): the stage estimates "
                + "the effect of clicks, favourites and carts on the purchase of (user, item) pairs viewed in the exposure window, so it does not apply to this "
                + "source at any horizon (leave the influence stage out of its pipeline)";
        }

        if (!inWindow)
        {
            return firstView >= windows.ExposureEnd ? TooShort(firstView, cutoffMs, horizon, window)
                : lastView < windows.ExposureStart ? string.Create(CultureInfo.InvariantCulture,
                    $"no view events in the exposure window {window}: the views end on {Day(lastView):yyyy-MM-dd}, before it (choose a snapshot date --as-of after {Day(lastView).AddDays(horizon):yyyy-MM-dd} and at most {Day(lastView).AddDays(2 * horizon):yyyy-MM-dd}, so that the last views fall in the window)")
                : string.Create(CultureInfo.InvariantCulture,
                    $"no view events in the exposure window {window}, though there are views before ({Day(firstView):yyyy-MM-dd}) and after it: a gap in the log (choose another snapshot date --as-of or another horizonDays)");
        }

        return purchases ? null : "no purchase events: the influence stage estimates effects on purchase";
    }

    private static string TooShort(long firstView, long cutoffMs, int horizon, string window)
    {
        var days = (cutoffMs - firstView) / (double)Timestamps.MillisPerDay;
        var most = (int)Math.Ceiling(days) - 1;
        var fix = most >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"lower horizonDays to at most {most}")
            : "the views span less than a day: a later snapshot date (--as-of) is needed";
        return string.Create(CultureInfo.InvariantCulture,
            $"no view events in the exposure window {window}: the first view is on {Day(firstView):yyyy-MM-dd}, {days:F1} days before the snapshot, after the window: the history of views is too short for a {horizon}-day horizon ({fix})");
    }

    private static DateOnly Day(long ms) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);
}
