namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// One user's planted parameters and realised totals. CategoryInterest: the top entries of the interest before any
/// drift (own categories plus the general mix). MeanSpend = p/ν is the expected amount of one order.
/// TopItems: the ten items with the highest planted affinity u·v + popularity term.
/// </summary>
public sealed record GroundTruthUser(
    string UserId,
    int StartDay,
    IReadOnlyList<double> Latent,
    IReadOnlyList<CategoryWeight> CategoryInterest,
    bool Drifting,
    string? FromCategory,
    string? ToCategory,
    int? DriftDay,
    double Lambda,
    double PDropout,
    int? DropoutDay,
    double Propensity,
    double Nu,
    double MeanSpend,
    IReadOnlyList<string> TopItems,
    int Events,
    int TotalPurchases,
    double TotalSpend);
