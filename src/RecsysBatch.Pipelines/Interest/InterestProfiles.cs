namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// Per user, the categories of the long-term window with decayed and recent weights, as of one anchor T.
/// Entries of user u are [UserStart[u], UserStart[u + 1]) in order of first appearance in the window.
/// </summary>
internal sealed class InterestProfiles
{
    private InterestProfiles(int users)
    {
        UserStart = new int[users + 1];
        LongSum = new double[users];
        RecentSum = new double[users];
        FlatSum = new double[users];
        WindowSum = new double[users];
        EventsLong = new int[users];
        EventsRecent = new int[users];
        ViewSum = new double[users];
        ViewFastSum = new double[users];
        ViewWindowSum = new double[users];
        ViewTwoWindowSum = new double[users];
        PostViewSum = new double[users];
        SplitGain = new double[users];
        SplitDays = new int[users];
    }

    /// <summary>Views after the user's change point (<see cref="ViewChangePoint"/>); all views when there is none.</summary>
    public List<double> PostViews { get; } = [];

    public double[] PostViewSum { get; }

    /// <summary>Log-likelihood gain of the user's best split of the view mix (0: no split).</summary>
    public double[] SplitGain { get; }

    /// <summary>Days before T of the user's best split (the long-term days when there is none).</summary>
    public int[] SplitDays { get; }

    public double SharePostViews(int entry, int user) => PostViewSum[user] > 0 ? PostViews[entry] / PostViewSum[user] : 0;

    public int[] UserStart { get; }

    public List<int> Category { get; } = [];

    public List<double> Long { get; } = [];

    public List<double> Recent { get; } = [];

    /// <summary>Undecayed weight in the long-term window (the stationary estimate of the interest).</summary>
    public List<double> Flat { get; } = [];

    /// <summary>Weight in the last next-window-length stretch [T - W, T).</summary>
    public List<double> Window { get; } = [];

    public List<long> LastMs { get; } = [];

    public List<long> FirstMs { get; } = [];

    /// <summary>View events in the long-term window (no decay): the cleanest sample of the category interest.</summary>
    public List<double> Views { get; } = [];

    /// <summary>Views decayed with half the long-term half-life: the interest after a recent move.</summary>
    public List<double> ViewsFast { get; } = [];

    /// <summary>Views in the last next-window-length stretch [T - W, T).</summary>
    public List<double> ViewsWindow { get; } = [];

    /// <summary>Views in the last two next-window-length stretches [T - 2W, T).</summary>
    public List<double> ViewsTwoWindows { get; } = [];

    public List<int> ActiveDays { get; } = [];

    public double[] LongSum { get; }

    public double[] RecentSum { get; }

    public double[] FlatSum { get; }

    public double[] WindowSum { get; }

    public int[] EventsLong { get; }

    public int[] EventsRecent { get; }

    public double[] ViewSum { get; }

    public double[] ViewFastSum { get; }

    public double[] ViewWindowSum { get; }

    public double[] ViewTwoWindowSum { get; }

    public int Users => LongSum.Length;

    public double ShareLong(int entry, int user) => LongSum[user] > 0 ? Long[entry] / LongSum[user] : 0;

    public double ShareRecent(int entry, int user) => RecentSum[user] > 0 ? Recent[entry] / RecentSum[user] : 0;

    public double ShareFlat(int entry, int user) => FlatSum[user] > 0 ? Flat[entry] / FlatSum[user] : 0;

    public double ShareWindow(int entry, int user) => WindowSum[user] > 0 ? Window[entry] / WindowSum[user] : 0;

    public double ShareViews(int entry, int user) => ViewSum[user] > 0 ? Views[entry] / ViewSum[user] : 0;

    public double ShareViewsFast(int entry, int user) => ViewFastSum[user] > 0 ? ViewsFast[entry] / ViewFastSum[user] : 0;

    public double ShareViewsWindow(int entry, int user) => ViewWindowSum[user] > 0 ? ViewsWindow[entry] / ViewWindowSum[user] : 0;

    public double ShareViewsTwoWindows(int entry, int user) => ViewTwoWindowSum[user] > 0 ? ViewsTwoWindows[entry] / ViewTwoWindowSum[user] : 0;

    /// <summary>
    /// The profiles at the anchor of <paramref name="windows"/>; <paramref name="progress"/> gets (users done, users) every 4 %.
    /// With <paramref name="keepUser"/> only those users get a profile (the others stay empty, so they have no rows).
    /// </summary>
    public static InterestProfiles Build(UserEventIndex index, InterestWindows windows, Action<long, long>? progress = null, Func<int, bool>? keepUser = null)
    {
        var profiles = new InterestProfiles(index.Users);
        var slot = new Dictionary<int, int>();
        var lastDay = new List<long>();
        var step = Math.Max(1, index.Users / 25);
        for (var u = 0; u < index.Users; u++)
        {
            if (progress is not null && u % step == 0)
            {
                progress(u, index.Users);
            }

            profiles.UserStart[u] = profiles.Category.Count;
            if (keepUser is not null && !keepUser(u))
            {
                continue;
            }

            slot.Clear();
            lastDay.Clear();
            for (var e = index.UserStart[u]; e < index.UserStart[u + 1]; e++)
            {
                var ts = index.TimestampMs[e];
                if (ts < windows.LongStartMs || ts >= windows.AnchorMs)
                {
                    continue;
                }

                var category = index.Category[e];
                if (!slot.TryGetValue(category, out var k))
                {
                    k = profiles.Category.Count;
                    slot.Add(category, k);
                    profiles.Category.Add(category);
                    profiles.Long.Add(0);
                    profiles.Recent.Add(0);
                    profiles.Flat.Add(0);
                    profiles.Window.Add(0);
                    profiles.LastMs.Add(ts);
                    profiles.FirstMs.Add(ts);
                    profiles.Views.Add(0);
                    profiles.ViewsFast.Add(0);
                    profiles.ViewsWindow.Add(0);
                    profiles.ViewsTwoWindows.Add(0);
                    profiles.ActiveDays.Add(0);
                    profiles.PostViews.Add(0);
                    lastDay.Add(long.MinValue);
                }

                var w = index.Weight[e];
                var decay = windows.Decay(ts);
                var decayed = w * decay;
                if (index.IsView[e])
                {
                    profiles.Views[k]++;
                    profiles.ViewSum[u]++;
                    profiles.ViewsFast[k] += decay * decay;
                    profiles.ViewFastSum[u] += decay * decay;
                    if (ts >= windows.LastWindowStartMs)
                    {
                        profiles.ViewsWindow[k]++;
                        profiles.ViewWindowSum[u]++;
                    }

                    if (ts >= windows.LastTwoWindowsStartMs)
                    {
                        profiles.ViewsTwoWindows[k]++;
                        profiles.ViewTwoWindowSum[u]++;
                    }
                }

                profiles.Long[k] += decayed;
                profiles.LongSum[u] += decayed;
                profiles.EventsLong[u]++;
                profiles.Flat[k] += w;
                profiles.FlatSum[u] += w;
                if (ts >= windows.LastWindowStartMs)
                {
                    profiles.Window[k] += w;
                    profiles.WindowSum[u] += w;
                }

                profiles.LastMs[k] = ts;
                var day = ts / Core.Events.Timestamps.MillisPerDay;
                if (lastDay[k - profiles.UserStart[u]] != day)
                {
                    lastDay[k - profiles.UserStart[u]] = day;
                    profiles.ActiveDays[k]++;
                }

                if (ts >= windows.RecentStartMs)
                {
                    profiles.Recent[k] += w;
                    profiles.RecentSum[u] += w;
                    profiles.EventsRecent[u]++;
                }
            }

            var first = profiles.UserStart[u];
            var entries = profiles.Category.Count - first;
            if (entries > 0)
            {
                var (gain, days) = ViewChangePoint.Fit(index, windows, slot, first, entries, u, profiles.PostViews, profiles.Views);
                profiles.SplitGain[u] = gain;
                profiles.SplitDays[u] = days;
                for (var k = first; k < first + entries; k++)
                {
                    profiles.PostViewSum[u] += profiles.PostViews[k];
                }
            }
        }

        profiles.UserStart[index.Users] = profiles.Category.Count;
        return profiles;
    }
}
