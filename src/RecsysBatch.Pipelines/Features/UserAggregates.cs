using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Features;

/// <summary>
/// Per-user sums of one pass over the event columns, indexed by dense user key. The arrays are later
/// turned in place into the output columns, so the pass allocates nothing per event and nothing is copied.
/// </summary>
internal sealed class UserAggregates
{
    private UserAggregates(int users)
    {
        Users = users;
        Counts = new int[FeatureWindows.CountColumns][];
        for (var i = 0; i < Counts.Length; i++)
        {
            Counts[i] = new int[users];
        }

        Activity = ActivitySpan.CreateArray(users);
        LastPurchaseMs = new long[users];
        Monetary30 = new double[users];
        MonetaryTotal = new double[users];
        HasAmount = new bool[users];
        RatingSum = new double[users];
        RatingCount = new int[users];
        Array.Fill(LastPurchaseMs, long.MinValue);
    }

    public int Users { get; }

    /// <summary>[FeatureWindows.CountIndex(type, window)][user].</summary>
    public int[][] Counts { get; }

    /// <summary>Events, first and last time, active days of each user.</summary>
    public ActivitySpan[] Activity { get; }

    /// <summary>long.MinValue when the user never purchased.</summary>
    public long[] LastPurchaseMs { get; }

    public double[] Monetary30 { get; }

    public double[] MonetaryTotal { get; }

    /// <summary>True when at least one purchase of the user carries an amount.</summary>
    public bool[] HasAmount { get; }

    public double[] RatingSum { get; }

    public int[] RatingCount { get; }

    public static UserAggregates Compute(EventTable events, long cutoffMs)
    {
        var a = new UserAggregates(events.Users.Count);
        var users = events.UserKey;
        var types = events.Type;
        var times = events.TimestampMs;
        var values = events.Value;
        var counts = a.Counts;
        var activity = a.Activity;
        var lastPurchase = a.LastPurchaseMs;
        var monetary30 = a.Monetary30;
        var monetaryTotal = a.MonetaryTotal;
        var hasAmount = a.HasAmount;
        var ratingSum = a.RatingSum;
        var ratingCount = a.RatingCount;
        for (var i = 0; i < users.Length; i++)
        {
            var ts = times[i];
            if (ts >= cutoffMs)
            {
                continue;
            }

            var u = users[i];
            var type = types[i];
            ref var span = ref activity[u];
            span.Add(ts);
            var age = cutoffMs - ts;
            var inWindow30 = age <= FeatureWindows.ThirtyDaysMs;
            if (inWindow30)
            {
                var column = (int)type * FeatureWindows.Count;
                counts[column + 2][u]++;
                if (age <= FeatureWindows.SevenDaysMs)
                {
                    counts[column + 1][u]++;
                    if (age <= FeatureWindows.OneDayMs)
                    {
                        counts[column][u]++;
                    }
                }

                // (age - 1) / day is the UTC calendar day because the cutoff is a UTC midnight.
                span.DayBits |= 1 << (int)((age - 1) / FeatureWindows.OneDayMs);
            }

            if (type == EventType.Purchase)
            {
                lastPurchase[u] = Math.Max(lastPurchase[u], ts);
                var amount = values[i];
                if (!double.IsNaN(amount))
                {
                    hasAmount[u] = true;
                    monetaryTotal[u] += amount;
                    if (inWindow30)
                    {
                        monetary30[u] += amount;
                    }
                }
            }
            else if (type == EventType.Rating && !double.IsNaN(values[i]))
            {
                ratingSum[u] += values[i];
                ratingCount[u]++;
            }
        }

        return a;
    }
}
