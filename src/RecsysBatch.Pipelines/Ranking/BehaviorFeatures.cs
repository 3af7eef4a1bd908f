using System.Numerics;
using RecsysBatch.Core.Events;
using RecsysBatch.Pipelines.Features;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The user rows of the behaviour classifiers at one cutoff: every user with an event before it, described only by
/// those events (the featurize stage's <see cref="UserAggregates"/> pass, so the figures match user_features), and,
/// when asked, the labels of the window [cutoff, cutoff + H): any event (active) and any purchase.
/// </summary>
internal sealed class BehaviorFeatures
{
    /// <summary>Days used for "never" (no purchase yet): beyond any window, the trees only need it to be large.</summary>
    private const float Never = 365;

    private static readonly string[] FixedNames =
    [
        "days_since_last_event", "days_since_last_purchase", "tenure_days", "log_events_total", "active_days_30d", "active_days_7d",
        "log_monetary_30d", "log_monetary_total", "purchase_share_30d", "cart_share_30d", "events_per_active_day_30d", "has_purchased",
    ];

    private BehaviorFeatures(int[] users, float[] values, int[] recencyDays, int[] frequency30)
    {
        Users = users;
        Values = values;
        RecencyDays = recencyDays;
        Frequency30 = frequency30;
        Active = new bool[users.Length];
        Purchased = new bool[users.Length];
    }

    /// <summary>Feature names in column order: the fixed ones, then log1p counts per (event type, 1/7/30-day window).</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. FixedNames, .. Enumerable.Range(0, FeatureWindows.CountColumns).Select(c => "log_" + FeatureWindows.CountColumnName(c))];

    public static int Width => Names.Count;

    /// <summary>User keys of the rows, ascending.</summary>
    public int[] Users { get; }

    /// <summary>Row-major, <see cref="Width"/> per row.</summary>
    public float[] Values { get; }

    /// <summary>Whole days since the user's last event (the baseline's recency).</summary>
    public int[] RecencyDays { get; }

    /// <summary>Events in the 30 days before the cutoff (the baseline's frequency).</summary>
    public int[] Frequency30 { get; }

    /// <summary>Label: any event in [cutoff, cutoff + H) (set by <see cref="Build"/> when labels are asked for).</summary>
    public bool[] Active { get; }

    /// <summary>Label: a purchase in [cutoff, cutoff + H) (one with a negative amount is a refund and does not count).</summary>
    public bool[] Purchased { get; }

    public int Rows => Users.Length;

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Width, Width);

    /// <summary>Rows at <paramref name="cutoffMs"/> from events before it; labels from [cutoff, labelEndMs) when labelEndMs &gt; cutoff.</summary>
    public static BehaviorFeatures Build(EventTable events, long cutoffMs, long labelEndMs)
    {
        ArgumentNullException.ThrowIfNull(events);
        var a = UserAggregates.Compute(events, cutoffMs);
        var users = RowSelection.FromActivity(a.Activity).Keys;
        var width = Width;
        var values = new float[users.Length * width];
        var recency = new int[users.Length];
        var frequency = new int[users.Length];
        var day = (double)Timestamps.MillisPerDay;
        for (var r = 0; r < users.Length; r++)
        {
            var u = users[r];
            var span = a.Activity[u];
            var row = values.AsSpan(r * width, width);
            var all30 = 0;
            for (var t = 0; t < EventTypes.Count; t++)
            {
                all30 += a.Counts[FeatureWindows.CountIndex((EventType)t, 2)][u];
            }

            var active30 = BitOperations.PopCount((uint)span.DayBits);
            var purchases30 = a.Counts[FeatureWindows.CountIndex(EventType.Purchase, 2)][u];
            var carts30 = a.Counts[FeatureWindows.CountIndex(EventType.Cart, 2)][u];
            row[0] = (float)((cutoffMs - span.LastMs) / day);
            row[1] = a.LastPurchaseMs[u] == long.MinValue ? Never : (float)((cutoffMs - a.LastPurchaseMs[u]) / day);
            row[2] = (float)((cutoffMs - span.FirstMs) / day);
            row[3] = Log(span.Events);
            row[4] = active30;
            row[5] = BitOperations.PopCount((uint)span.DayBits & 0x7Fu);
            row[6] = a.HasAmount[u] ? Log(Math.Max(0, a.Monetary30[u])) : 0;
            row[7] = a.HasAmount[u] ? Log(Math.Max(0, a.MonetaryTotal[u])) : 0;
            row[8] = all30 == 0 ? 0 : purchases30 / (float)all30;
            row[9] = all30 == 0 ? 0 : carts30 / (float)all30;
            row[10] = active30 == 0 ? 0 : all30 / (float)active30;
            row[11] = a.LastPurchaseMs[u] == long.MinValue ? 0 : 1;
            for (var c = 0; c < FeatureWindows.CountColumns; c++)
            {
                row[FixedNames.Length + c] = Log(a.Counts[c][u]);
            }

            recency[r] = (int)((cutoffMs - span.LastMs) / Timestamps.MillisPerDay);
            frequency[r] = all30;
        }

        var result = new BehaviorFeatures(users, values, recency, frequency);
        if (labelEndMs > cutoffMs)
        {
            result.Label(events, cutoffMs, labelEndMs);
        }

        return result;
    }

    private void Label(EventTable events, long startMs, long endMs)
    {
        var rowOf = new Dictionary<int, int>(Users.Length);
        for (var r = 0; r < Users.Length; r++)
        {
            rowOf[Users[r]] = r;
        }

        var times = events.TimestampMs;
        var keys = events.UserKey;
        var types = events.Type;
        var values = events.Value;
        for (var e = 0; e < events.Count; e++)
        {
            if (times[e] >= startMs && times[e] < endMs && rowOf.TryGetValue(keys[e], out var r))
            {
                Active[r] = true;
                Purchased[r] |= types[e] == EventType.Purchase && !(values[e] < 0);
            }
        }
    }

    private static float Log(double x) => (float)Math.Log(1 + x);
}
