using RecsysBatch.Core.Events;
using F = RecsysBatch.Pipelines.Interest.CandidateFeatures;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// The (user, category) rows of one anchor: the user's own categories of the long-term window, the strongest
/// population switches from them and the most popular categories, each with its features and (when labels are
/// given) as label whether the user engaged with the category in the next window (1/0). Rows of a user are
/// contiguous; users in key order.
/// </summary>
internal sealed class CandidateRows
{
    /// <summary>Switch targets and popular categories added per user beyond the own ones.</summary>
    public const int ExtraCandidates = 10;

    /// <summary>Pseudo-views of the population mix added to a user's view counts (shrinkage of sparse shares).</summary>
    public const double Smoothing = 2;

    public List<int> Users { get; } = [];

    /// <summary>Rows of Users[i] are [UserRowStart[i], UserRowStart[i + 1]).</summary>
    public List<int> UserRowStart { get; } = [0];

    /// <summary>True for users with too little history: they get population predictions.</summary>
    public List<bool> Population { get; } = [];

    public List<int> Category { get; } = [];

    public List<double> ShareLong { get; } = [];

    public List<double> ShareRecent { get; } = [];

    /// <summary>Row-major features, <see cref="CandidateFeatures.Count"/> per row.</summary>
    public List<float> Features { get; } = [];

    /// <summary>1 when the user had an event in the category in the next window, else 0; NaN when built without labels.</summary>
    public List<float> Label { get; } = [];

    public int Rows => Category.Count;

    public float Feature(int row, int feature) => Features[(row * F.Count) + feature];

    /// <summary>
    /// Rows for every user with a categorized event in the long-term window; with <paramref name="labels"/>, only
    /// users with a labelled next window, and with <paramref name="historyOnly"/> only users with enough history
    /// (the training population).
    /// </summary>
    public static CandidateRows Build(
        InterestProfiles profiles, CategoryPopulation population, InterestWindows windows, int minHistory,
        Dictionary<int, double>?[]? labels, bool historyOnly)
    {
        var rows = new CandidateRows();
        var transition = new Dictionary<int, (double Long, double Recent)>();
        var extra = new List<int>();
        for (var u = 0; u < profiles.Users; u++)
        {
            var start = profiles.UserStart[u];
            var end = profiles.UserStart[u + 1];
            if (end == start || (labels is not null && labels[u] is null) || (historyOnly && profiles.EventsLong[u] < minHistory))
            {
                continue;
            }

            transition.Clear();
            for (var k = start; k < end; k++)
            {
                var (next, p) = population.Successors[profiles.Category[k]];
                var shareLong = profiles.ShareLong(k, u);
                var shareRecent = profiles.ShareRecent(k, u);
                for (var j = 0; j < next.Length; j++)
                {
                    var t = transition.GetValueOrDefault(next[j]);
                    transition[next[j]] = (t.Long + (shareLong * p[j]), t.Recent + (shareRecent * p[j]));
                }
            }

            var own = new HashSet<int>(profiles.Category.Skip(start).Take(end - start));
            extra.Clear();
            extra.AddRange(transition.Where(t => !own.Contains(t.Key))
                .OrderByDescending(t => t.Value.Long).ThenBy(t => t.Key).Take(ExtraCandidates).Select(t => t.Key));
            extra.AddRange(population.PopularOrder.Take(ExtraCandidates).Where(c => !own.Contains(c) && !extra.Contains(c)));

            rows.Users.Add(u);
            rows.Population.Add(profiles.EventsLong[u] < minHistory);
            var label = labels?[u];
            for (var k = start; k < end; k++)
            {
                rows.Add(profiles, population, windows, u, profiles.Category[k], k, transition, label, labels is null);
            }

            foreach (var category in extra)
            {
                rows.Add(profiles, population, windows, u, category, -1, transition, label, labels is null);
            }

            rows.UserRowStart.Add(rows.Rows);
        }

        return rows;
    }

    private void Add(
        InterestProfiles profiles, CategoryPopulation population, InterestWindows windows, int u, int category, int entry,
        Dictionary<int, (double Long, double Recent)> transition, Dictionary<int, double>? label, bool unlabelled)
    {
        var shareLong = entry >= 0 ? profiles.ShareLong(entry, u) : 0;
        var shareRecent = entry >= 0 ? profiles.ShareRecent(entry, u) : 0;
        var t = transition.GetValueOrDefault(category);
        var popLong = population.PopLong[category];
        var popLast = population.PopLast[category];
        var daysSince = entry >= 0
            ? (windows.AnchorMs - profiles.LastMs[entry]) / (double)Timestamps.MillisPerDay
            : windows.LongTermDays + 1;
        Category.Add(category);
        ShareLong.Add(shareLong);
        ShareRecent.Add(shareRecent);
        Features.Add((float)shareLong);
        Features.Add((float)shareRecent);
        Features.Add((float)(shareRecent - shareLong));
        Features.Add((float)t.Long);
        Features.Add((float)t.Recent);
        Features.Add((float)popLong);
        Features.Add((float)popLast);
        Features.Add((float)Math.Log((popLast + 1e-5) / (popLong + 1e-5)));
        Features.Add((float)daysSince);
        Features.Add(entry >= 0 ? profiles.ActiveDays[entry] : 0);
        Features.Add((float)Math.Log(1 + profiles.EventsLong[u]));
        Features.Add((float)Math.Log(1 + profiles.EventsRecent[u]));
        Features.Add(profiles.UserStart[u + 1] - profiles.UserStart[u]);
        Features.Add(entry >= 0 ? (float)profiles.ShareFlat(entry, u) : 0);
        Features.Add(entry >= 0 ? (float)profiles.ShareWindow(entry, u) : 0);
        Features.Add(entry >= 0 ? (float)Math.Log(1 + profiles.Long[entry]) : 0);
        Features.Add(entry >= 0 ? (float)profiles.ShareViews(entry, u) : 0);
        Features.Add(entry >= 0 ? (float)profiles.ShareViewsFast(entry, u) : 0);
        Features.Add(entry >= 0 ? (float)profiles.ShareViewsWindow(entry, u) : 0);
        Features.Add(entry >= 0 ? (float)((windows.AnchorMs - profiles.FirstMs[entry]) / (double)Timestamps.MillisPerDay) : windows.LongTermDays + 1);
        Features.Add(entry >= 0 ? (float)Math.Log(1 + profiles.Views[entry]) : 0);
        Features.Add(entry >= 0 ? (float)profiles.ShareViewsTwoWindows(entry, u) : 0);
        var views = entry >= 0 ? profiles.Views[entry] : 0;
        Features.Add((float)Math.Log((views + 0.5) / ((profiles.ViewSum[u] * popLong) + 0.5)));
        var postSum = profiles.PostViewSum[u];
        var post = entry >= 0 ? profiles.PostViews[entry] : 0;
        var postSmoothed = (post + (Smoothing * popLong)) / (postSum + Smoothing);
        var flatSmoothed = (views + (Smoothing * popLong)) / (profiles.ViewSum[u] + Smoothing);
        Features.Add(entry >= 0 ? (float)profiles.SharePostViews(entry, u) : 0);
        Features.Add((float)postSmoothed);
        Features.Add((float)flatSmoothed);
        Features.Add((float)profiles.SplitGain[u]);
        Features.Add(profiles.SplitDays[u]);
        // BIC-style test of the split: the gain must pay for the extra mix of (categories - 1) shares.
        var entries = profiles.UserStart[u + 1] - profiles.UserStart[u];
        var moved = profiles.SplitGain[u] > 0.5 * Math.Max(1, entries - 1) * Math.Log(Math.Max(2, profiles.ViewSum[u]));
        Features.Add((float)(moved ? postSmoothed : flatSmoothed));
        Label.Add(unlabelled ? float.NaN : label is not null && label.ContainsKey(category) ? 1 : 0);
    }
}
