namespace RecsysBatch.Pipelines.Interest;

/// <summary>Everything known at one anchor time T: user profiles, population statistics, candidate rows.</summary>
internal sealed record InterestAnchor(
    InterestWindows Windows,
    InterestProfiles Profiles,
    CategoryPopulation Population,
    CandidateRows Rows,
    Dictionary<int, double>?[]? Labels)
{
    /// <summary>
    /// Builds the anchor at <paramref name="anchorMs"/>. With <paramref name="labelled"/>, labels come from
    /// [T, T + W) and only labelled users get rows (with <paramref name="historyOnly"/>: only users with enough history).
    /// <paramref name="progress"/> gets (users done, users) while profiles are built; a given <paramref name="population"/>
    /// (all users' statistics at the anchor, from a preparation) replaces the one of <paramref name="index"/>'s users;
    /// with <paramref name="keepUser"/> only those users get rows (pass the population of all users with it); given
    /// <paramref name="allLabels"/> (the labels of every user at this anchor, built once) replace the labels built here.
    /// </summary>
    public static InterestAnchor Build(
        UserEventIndex index, InterestOptions options, int nextDays, long anchorMs, bool labelled, bool historyOnly,
        Action<long, long>? progress = null, CategoryPopulation? population = null, Func<int, bool>? keepUser = null,
        Dictionary<int, double>?[]? allLabels = null)
    {
        var windows = InterestWindows.For(anchorMs, options, nextDays);
        var profiles = InterestProfiles.Build(index, windows, progress, keepUser);
        population ??= CategoryPopulation.Build(index, windows);
        var labels = labelled ? allLabels ?? NextWindowLabels.Build(index, windows) : null;
        var rows = CandidateRows.Build(profiles, population, windows, options.MinHistoryEvents, labels, historyOnly);
        return new InterestAnchor(windows, profiles, population, rows, labels);
    }
}
