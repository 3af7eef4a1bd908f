namespace RecsysBatch.Pipelines.Interest;

/// <summary>Names (ML.NET column names) and order of the (user, category) features of the next-window model.</summary>
internal static class CandidateFeatures
{
    public const int ShareLong = 0;
    public const int ShareRecent = 1;
    public const int ShareChange = 2;
    public const int TransitionLong = 3;
    public const int TransitionRecent = 4;
    public const int PopularityLong = 5;
    public const int PopularityLast = 6;
    public const int PopularityTrend = 7;
    public const int DaysSinceLast = 8;
    public const int ActiveDays = 9;
    public const int LogEventsLong = 10;
    public const int LogEventsRecent = 11;
    public const int UserCategories = 12;
    public const int ShareFlat = 13;
    public const int ShareWindow = 14;
    public const int LogWeightLong = 15;
    public const int ViewShare = 16;
    public const int ViewShareFast = 17;
    public const int ViewShareWindow = 18;
    public const int DaysSinceFirst = 19;
    public const int LogViews = 20;
    public const int ViewShareTwoWindows = 21;
    public const int ViewLift = 22;
    public const int PostViewShare = 23;
    public const int PostViewShareSmoothed = 24;
    public const int ViewShareSmoothed = 25;
    public const int SplitGain = 26;
    public const int SplitDays = 27;
    public const int AdaptiveViewShare = 28;

    public static IReadOnlyList<string> Names { get; } =
    [
        "share_long", "share_recent", "share_change", "transition_long", "transition_recent",
        "popularity_long", "popularity_last", "popularity_trend", "days_since_last", "active_days",
        "log_events_long", "log_events_recent", "user_categories", "share_flat", "share_window", "log_weight_long",
        "view_share", "view_share_fast", "view_share_window", "days_since_first", "log_views",
        "view_share_two_windows", "view_lift", "post_view_share", "post_view_share_smoothed", "view_share_smoothed",
        "split_gain", "split_days", "adaptive_view_share",
    ];

    public static int Count => Names.Count;
}
