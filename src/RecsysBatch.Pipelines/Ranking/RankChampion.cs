namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Champion / challenger: which of the ranker, the MF score and popularity orders the recommendations. All three are
/// scored on the same held-out rows; the one with the best AUC wins unless the user-bootstrap 95 % interval of best −
/// runner-up includes 0. Then the run is undecided and, among the best and every scorer the held-out rows cannot tell
/// from it, the first in <see cref="Preference"/> wins.
/// </summary>
internal static class RankChampion
{
    public const string Ranker = "ranker";
    public const string Mf = "mf";
    public const string Popularity = "popularity";

    /// <summary>
    /// Default order when undecided: MF first, because ordering by it is the factorize stage's own order (no re-ranking),
    /// so a re-ranker has to show it is better before it changes the lists; then the ranker (personalised) before
    /// popularity (the same order for every user).
    /// </summary>
    public static IReadOnlyList<string> Preference { get; } = [Mf, Ranker, Popularity];

    /// <param name="scorers">Held-out scores by scorer name (names of <see cref="Preference"/>), rows aligned with <paramref name="labels"/>.</param>
    /// <param name="users">User of each row: the bootstrap resamples whole users.</param>
    public static RankChampionChoice Choose(IReadOnlyDictionary<string, float[]> scorers, float[] labels, int[] users, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        ArgumentNullException.ThrowIfNull(labels);
        var auc = Preference.Where(scorers.ContainsKey).ToDictionary(s => s, s => RankMetrics.Auc(scorers[s], labels));
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
        var undecided = !(low > 0);

        // The scorers the held-out rows cannot tell from the best: an interval that reaches 0 (or none: too few rows).
        var tied = ranked.Where(s => s == best || !(intervals[s].Low > 0));
        var scorer = undecided ? tied.OrderBy(IndexOf).First() : best;
        return new RankChampionChoice(scorer, undecided, best, runnerUp, auc, difference, low, high);
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
