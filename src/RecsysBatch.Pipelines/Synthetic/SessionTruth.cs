namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>Session and choice constants: views = 1 + Poisson(MeanExtraViews) capped at MaxViews; a view's category
/// comes from the general mix with ExploreShare, else from the user's interest; the item is the softmax(SoftmaxBeta·u·v)
/// pick among Candidates popularity draws of that category. Drift moves DriftMovedShare of the from-category
/// interest to the target over DriftRampDays. A LargeOrderShare of orders is multiplied by LargeOrderMin + LargeOrderSpan·U.</summary>
public sealed record SessionTruth(
    double MeanExtraViews,
    int MaxViews,
    int Candidates,
    double SoftmaxBeta,
    double ExploreShare,
    double DriftMovedShare,
    int DriftRampDays,
    double LargeOrderMin,
    double LargeOrderSpan);
