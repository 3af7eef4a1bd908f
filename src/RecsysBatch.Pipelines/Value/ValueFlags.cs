namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// The codes of user_value_scores.flags: per customer, why a figure of the row should not be read at face value.
/// A row lists every code that applies, comma-separated, in the order of <see cref="Codes"/>; null when none does.
/// </summary>
internal static class ValueFlags
{
    /// <summary>
    /// The scoring BG/NBD fit has a parameter at the optimiser bound other than the homogeneous-dropout limit (e.g.
    /// a → 0, no dropout seen): p_alive and clv are null.
    /// </summary>
    public const string BgNbdAtBound = "bgnbd_at_bound";

    /// <summary>
    /// The scoring BG/NBD fit is in the homogeneous-dropout limit (a, b → ∞, one dropout probability a/(a+b) for all):
    /// p_alive and clv are published from that limit; dropout heterogeneity is not estimated.
    /// </summary>
    public const string BgNbdHomogeneousDropout = "bgnbd_homogeneous_dropout";

    /// <summary>No start of the scoring BG/NBD fit converged: p_alive and clv are null.</summary>
    public const string BgNbdNotConverged = "bgnbd_not_converged";

    /// <summary>First purchase fewer than H days before the snapshot: the hold-out [S − H, S) did not cover such a customer.</summary>
    public const string ShortHistory = "short_history";

    /// <summary>One purchase day: BG/NBD lets customers drop out only after a repeat purchase, so p_alive is 1 by assumption.</summary>
    public const string NoRepeatPurchase = "no_repeat_purchase";

    /// <summary>Revenue target without a usable Gamma-Gamma fit: expected_spend is the observed mean spend.</summary>
    public const string SpendObservedMean = "spend_observed_mean";

    public static IReadOnlyList<string> Codes { get; } = [BgNbdAtBound, BgNbdHomogeneousDropout, BgNbdNotConverged, ShortHistory, NoRepeatPurchase, SpendObservedMean];

    public static string?[] Assign(ProbabilisticScores fit, ValueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(settings);
        var rfm = fit.Rfm;
        var flags = new string?[rfm.Count];
        var codes = new List<string>(Codes.Count);
        for (var i = 0; i < rfm.Count; i++)
        {
            codes.Clear();
            AddIf(codes, fit.BgNbd.AtBoundUnidentified, BgNbdAtBound);
            AddIf(codes, fit.BgNbd.HomogeneousDropout, BgNbdHomogeneousDropout);
            AddIf(codes, fit.BgNbd.NotConverged, BgNbdNotConverged);

            // Age counts whole days from the first purchase to the day before the snapshot.
            AddIf(codes, Math.Round(rfm.Age[i] * settings.UnitDays) < settings.HorizonDays, ShortHistory);
            AddIf(codes, rfm.Frequency[i] <= 0, NoRepeatPurchase);
            AddIf(codes, settings.Revenue && fit.GammaGamma is null, SpendObservedMean);
            flags[i] = codes.Count == 0 ? null : string.Join(',', codes);
        }

        return flags;
    }

    /// <summary>Rows carrying each code, for model_metrics.</summary>
    public static IEnumerable<(string Code, int Rows)> Count(IReadOnlyList<string?> flags) =>
        Codes.Select(code => (code, flags.Count(f => f is not null && f.Split(',').Contains(code))));

    private static void AddIf(List<string> codes, bool condition, string code)
    {
        if (condition)
        {
            codes.Add(code);
        }
    }
}
