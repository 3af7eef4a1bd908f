using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Scores the factorize candidates of the snapshot through the ranker's scoring transformer and keeps the top N per user by the champion's score.</summary>
internal static class RankRecommendations
{
    /// <param name="popularity">Summed event weight per item before the snapshot (the popularity scorer).</param>
    /// <param name="userProbability">Per user key, the probability of the label event at all (NaN: unknown).</param>
    /// <param name="includeUser">Which users (dense keys) to score, e.g. one shard's; null → all.</param>
    /// <param name="progress">Called with (candidates scored, candidates) while scoring; null: not reported.</param>
    public static (OutputTable Table, int ScoredRows) Build(
        OutputTable candidates, EventTable events, Func<RankRowFiller> filler, RankerScoringTransformer scorer, PreparedRanker prepared, double[] popularity,
        Func<int, double> userProbability, int topN, Func<int, bool>? includeUser = null, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(popularity);
        ArgumentNullException.ThrowIfNull(userProbability);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(filler);
        ArgumentNullException.ThrowIfNull(scorer);
        var names = candidates.Schema.DataColumns.Select(c => c.Name).ToList();
        var userIds = Values<string>(candidates, names, "user_id");
        var itemIds = Values<string>(candidates, names, "item_id");
        var factorizeScores = Values<double>(candidates, names, "score");
        var mfScores = Values<double>(candidates, names, "mf_score");
        var sources = Values<string>(candidates, names, "source");
        var because = Values<string?>(candidates, names, "because_items");
        var shares = Values<string?>(candidates, names, "because_shares");
        var rowUser = new List<int>();
        var rowItem = new List<int>();
        var rowScore = new List<double>();
        var rowMf = new List<double>();
        var rowCandidate = new List<int>();
        for (var r = 0; r < candidates.RowCount; r++)
        {
            if (events.Users.TryGetKey(userIds[r], out var user) && events.Items.TryGetKey(itemIds[r], out var item)
                && (includeUser is null || includeUser(user)))
            {
                rowUser.Add(user);
                rowItem.Add(item);
                rowScore.Add(factorizeScores[r]);
                rowMf.Add(mfScores[r]);
                rowCandidate.Add(r);
            }
        }

        // The rows are filled a batch at a time into the session's buffer as the transformer scores them; only when
        // the ranker is the champion (otherwise its scores would order nothing and only cost time).
        var scores = prepared.Calibration.Scorer is RankChampion.Mf or RankChampion.Popularity
            ? []
            : scorer.Score(new RankerCandidateView(scorer.Session.Contract, filler(), [.. rowUser], [.. rowItem]), progress);

        // The champion's score per row: the ranker's output, the factorize score (the MF score, or for popularity-fallback
        // rows the item's popularity: CandidateExtras names that scorer), or the item's popularity before S.
        var champion = prepared.Calibration.Scorer switch
        {
            RankChampion.Mf => rowScore.ToArray(),
            RankChampion.Popularity => [.. rowItem.Select(i => popularity[i])],
            _ => scores.Select(s => (double)s).ToArray(),
        };
        var table = RankListWriter.Build([.. rowUser.Select(u => events.Users[u])], [.. rowItem.Select(i => events.Items[i])], [.. rowMf],
            champion, [.. rowUser.Select(userProbability)], prepared.Calibration, topN, prepared.Version,
            new CandidateExtras([.. rowCandidate.Select(r => sources[r])], [.. rowCandidate.Select(r => because[r])], [.. rowCandidate.Select(r => shares[r])]),
            [.. rowItem.Select(events.ItemTitle)]);
        return (table, rowUser.Count);
    }

    private static T[] Values<T>(OutputTable table, List<string> names, string column)
    {
        var at = names.IndexOf(column);
        return at >= 0 && table.Columns[at] is OutputColumn<T> typed
            ? typed.Values
            : throw new RecsysException($"rank: the candidates table has no {typeof(T).Name} column '{column}'.");
    }
}
