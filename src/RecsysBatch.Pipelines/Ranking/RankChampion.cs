using RecsysBatch.Pipelines.Evaluation;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Champion / challenger: which of the ranker, the MF score and popularity orders the recommendations. All three are
/// scored on the same held-out rows and the one with the best AUC orders the lists; when the user-bootstrap 95 %
/// interval of best − runner-up includes 0 the run is flagged undecided (the best still orders: it is the best
/// estimate there is, and the flag says how far to trust it). <see cref="Preference"/> only breaks exact ties and
/// picks the scorer when there is nothing to compare on.
/// </summary>
internal static class RankChampion
{
    public const string Ranker = "ranker";
    public const string Mf = "mf";
    public const string Popularity = "popularity";

    /// <summary>
    /// Order for exact ties and for a run without held-out rows: MF first, because ordering by it is the factorize
    /// stage's own order (no re-ranking); then the ranker (personalised) before popularity (one order for everyone).
    /// </summary>
    public static IReadOnlyList<string> Preference { get; } = [Mf, Ranker, Popularity];

    /// <param name="scorers">Held-out scores by scorer name (names of <see cref="Preference"/>), rows aligned with <paramref name="labels"/>.</param>
    /// <param name="users">User of each row: the bootstrap resamples whole users.</param>
    public static RankChampionChoice Choose(IReadOnlyDictionary<string, float[]> scorers, float[] labels, int[] users, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        ArgumentNullException.ThrowIfNull(labels);
        var auc = Preference.Where(scorers.ContainsKey).ToDictionary(s => s, s => Metrics.Auc(scorers[s], labels));
        if (auc.Count == 0)
        {
            throw new ArgumentException("no scorer of " + string.Join(", ", Preference), nameof(scorers));
        }

        // Best AUC first (NaN last); equal AUCs in the order of preference.
        var ranked = auc.Keys.OrderByDescending(s => double.IsNaN(auc[s]) ? double.NegativeInfinity : auc[s])
            .ThenBy(s => IndexOf(s)).ToList();
        var best = ranked[0];
        if (ranked.Count == 1 || double.IsNaN(auc[best]))
        {
            return new RankChampionChoice(Preference.First(auc.ContainsKey), true, best, best, auc, double.NaN, double.NaN, double.NaN);
        }

        var intervals = ranked.Skip(1).ToDictionary(s => s, s => RankMetrics.PairedAucDifference(scorers[best], scorers[s], labels, users, resamples, seed));
        var runnerUp = ranked[1];
        var (difference, low, high) = intervals[runnerUp];
        // An interval that reaches 0 (or none: too few rows) cannot separate the two: flagged, not overruled.
        var undecided = !(low > 0);
        return new RankChampionChoice(best, undecided, best, runnerUp, auc, difference, low, high);
    }

    private static int IndexOf(string scorer)
    {
        for (var k = 0; k < Preference.Count; k++)
        {
            if (Preference[k] == scorer)
            {
                return k;
            }
        }

        return Preference.Count;
    }
}
