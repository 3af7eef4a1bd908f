using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// Purchase events before the cutoff reduced to one row per (user, UTC day): the transactions of the
/// BG/NBD convention (several purchases on one day count once). A purchase with a negative amount is a refund
/// and not a transaction; one with amount 0 (a free item) is a transaction worth 0; one without an amount is a
/// transaction of unknown value.
/// Rows are sorted by user, then day; <see cref="UserStart"/> indexes them by dense user key.
/// </summary>
internal sealed class PurchaseLog
{
    private PurchaseLog(int users, int[] day, double[] spend, bool[] hasAmount, int[] userStart)
    {
        Users = users;
        Day = day;
        Spend = spend;
        HasAmount = hasAmount;
        UserStart = userStart;
    }

    public int Users { get; }

    /// <summary>UTC day number (unix ms / ms per day) of each transaction.</summary>
    public int[] Day { get; }

    /// <summary>Sum of the day's known purchase amounts (0 when none is known).</summary>
    public double[] Spend { get; }

    /// <summary>True when at least one purchase of that day has an amount.</summary>
    public bool[] HasAmount { get; }

    /// <summary>Rows of user u are [UserStart[u], UserStart[u + 1]).</summary>
    public int[] UserStart { get; }

    public int PurchaseEvents { get; private init; }

    public int PurchasesWithAmount { get; private init; }

    /// <summary>Purchase events with a negative amount (refunds), not counted as transactions.</summary>
    public int Refunds { get; private init; }

    /// <summary>Revenue when most (at least half) of the purchases carry an amount; purchase days otherwise.</summary>
    public bool RevenueTarget => PurchaseEvents > 0 && PurchasesWithAmount * 2 >= PurchaseEvents;

    public static PurchaseLog Build(EventTable events, long cutoffMs)
    {
        ArgumentNullException.ThrowIfNull(events);
        var users = events.UserKey;
        var types = events.Type;
        var times = events.TimestampMs;
        var values = events.Value;
        var rows = new List<(int User, int Day, double Amount)>();
        int purchases = 0, withAmount = 0, refunds = 0;
        for (var e = 0; e < events.Count; e++)
        {
            if (types[e] != EventType.Purchase || times[e] >= cutoffMs)
            {
                continue;
            }

            var amount = values[e];
            if (amount < 0)
            {
                refunds++;
                continue;
            }

            purchases++;
            withAmount += double.IsNaN(amount) ? 0 : 1;
            rows.Add((users[e], (int)Math.Floor(times[e] / (double)Timestamps.MillisPerDay), amount));
        }

        rows.Sort();
        var day = new List<int>();
        var spend = new List<double>();
        var known = new List<bool>();
        var userStart = new int[events.Users.Count + 1];
        var previous = (User: -1, Day: int.MinValue);
        foreach (var (user, d, amount) in rows)
        {
            if (user != previous.User || d != previous.Day)
            {
                day.Add(d);
                spend.Add(0);
                known.Add(false);
                userStart[user + 1]++;
                previous = (user, d);
            }

            if (!double.IsNaN(amount))
            {
                spend[^1] += amount;
                known[^1] = true;
            }
        }

        for (var u = 0; u < events.Users.Count; u++)
        {
            userStart[u + 1] += userStart[u];
        }

        return new PurchaseLog(events.Users.Count, [.. day], [.. spend], [.. known], userStart)
        {
            PurchaseEvents = purchases,
            PurchasesWithAmount = withAmount,
            Refunds = refunds,
        };
    }

    /// <summary>Per user, the target in days [fromDay, toDay): revenue (sum of amounts) or transaction days.</summary>
    public double[] WindowValue(IReadOnlyList<int> userKeys, int fromDay, int toDay, bool revenue)
    {
        ArgumentNullException.ThrowIfNull(userKeys);
        var result = new double[userKeys.Count];
        for (var i = 0; i < userKeys.Count; i++)
        {
            var u = userKeys[i];
            for (var r = UserStart[u]; r < UserStart[u + 1]; r++)
            {
                if (Day[r] >= fromDay && Day[r] < toDay)
                {
                    result[i] += revenue ? Spend[r] : 1;
                }
            }
        }

        return result;
    }
}
