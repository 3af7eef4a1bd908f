using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// The categorized events before the cutoff, sorted by (user, time), with their type weight: every window of the
/// stage is a slice of one user's run, so each anchor walks the events once.
/// </summary>
internal sealed class UserEventIndex
{
    private UserEventIndex(int users, int categories, int[] userStart, int[] category, long[] ts, double[] weight, bool[] view)
    {
        IsView = view;
        Users = users;
        Categories = categories;
        UserStart = userStart;
        Category = category;
        TimestampMs = ts;
        Weight = weight;
    }

    public int Users { get; }

    public int Categories { get; }

    /// <summary>Events of user u are [UserStart[u], UserStart[u + 1]).</summary>
    public int[] UserStart { get; }

    public int[] Category { get; }

    public long[] TimestampMs { get; }

    public double[] Weight { get; }

    /// <summary>True for view events: each view is one draw of the user's category interest, free of funnel depth.</summary>
    public bool[] IsView { get; }

    /// <summary>Oldest indexed event (UTC ms), or null when there is none.</summary>
    public long? FirstMs => TimestampMs.Length == 0 ? null : TimestampMs.Min();

    /// <summary>The index of the users <paramref name="keepUser"/> keeps (null: all); other users have no events in it.</summary>
    public static UserEventIndex Build(EventTable events, long cutoffMs, double[] typeWeights, Func<int, bool>? keepUser = null)
    {
        var users = events.UserKey;
        var categories = events.CategoryKey;
        var times = events.TimestampMs;
        var types = events.Type;
        var keep = new List<int>(events.Count);
        for (var e = 0; e < events.Count; e++)
        {
            // Events at or after the cutoff are never read, even if a caller left them in the table.
            if (categories[e] != EventTable.NoKey && times[e] < cutoffMs && typeWeights[(int)types[e]] > 0 && (keepUser is null || keepUser(users[e])))
            {
                keep.Add(e);
            }
        }

        var order = keep.ToArray();
        var userOf = events.UserKey.ToArray();
        var timeOf = events.TimestampMs.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = userOf[a].CompareTo(userOf[b]);
            if (c == 0)
            {
                c = timeOf[a].CompareTo(timeOf[b]);
            }

            return c != 0 ? c : a.CompareTo(b);
        });

        var userStart = new int[events.Users.Count + 1];
        var category = new int[order.Length];
        var ts = new long[order.Length];
        var weight = new double[order.Length];
        var view = new bool[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var e = order[i];
            userStart[users[e] + 1]++;
            category[i] = categories[e];
            ts[i] = times[e];
            weight[i] = typeWeights[(int)types[e]];
            view[i] = types[e] == EventType.View;
        }

        for (var u = 0; u < events.Users.Count; u++)
        {
            userStart[u + 1] += userStart[u];
        }

        return new UserEventIndex(events.Users.Count, events.Categories.Count, userStart, category, ts, weight, view);
    }
}
