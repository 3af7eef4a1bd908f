namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// The carry-over option as planted (δ per behaviour, delay span D days) and the windows its next-window truth is
/// for: S = the day after the period, exposure [S − 2H, S − H), outcome [S − H, S). LandingShare = H/D is the
/// probability that a carry-over scheduled at any time of the exposure window lands in the outcome window (D ≥ 2H).
/// Written to ground_truth.json as effects.carryOver only when the option is on.
/// </summary>
public sealed record CarryOverEffect(
    double Click,
    double Fav,
    double Cart,
    int DelayDays,
    int HorizonDays,
    double LandingShare,
    long Units,
    string Definition);
