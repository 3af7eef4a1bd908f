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
    /// </summary>
    public static InterestAnchor Build(
        UserEventIndex index, InterestOptions options, int nextDays, long anchorMs, bool labelled, bool historyOnly)
    {
        var windows = InterestWindows.For(anchorMs, options, nextDays);
        var profiles = InterestProfiles.Build(index, windows);
        var population = CategoryPopulation.Build(index, windows);
        var labels = labelled ? NextWindowLabels.Build(index, windows) : null;
        var rows = CandidateRows.Build(profiles, population, windows, options.MinHistoryEvents, labels, historyOnly);
        return new InterestAnchor(windows, profiles, population, rows, labels);
    }
}
