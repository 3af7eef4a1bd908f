using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Scores the factorize candidates of the snapshot through the ranker's scoring transformer and keeps the top N per user
/// by the champion's score. The candidates are read a block of whole users at a time (<see cref="BlockRows"/>) and only
/// the kept rows' positions are held, so memory does not grow with candidates × columns; ids, MF scores, explanations and
/// titles of the kept rows are read from the candidates table when the recommendations are written (computed columns).
/// </summary>
internal static class RankRecommendations
{
    /// <summary>Candidate rows per block (a block ends at a user boundary, so it may be a little longer).</summary>
    public const int BlockRows = 1 << 20;

    /// <param name="popularity">Summed event weight per item before the snapshot (the popularity scorer).</param>
    /// <param name="userProbability">Per user key, the probability of the label event at all (NaN: unknown).</param>
    /// <param name="includeUser">Which users (dense keys) to score, e.g. one shard's; null → all.</param>
    /// <param name="progress">Called with (candidates scored, candidates) while scoring; null: not reported.</param>
    /// <param name="blockRows">Candidate rows per block (tests use small blocks to check that blocks do not change the result).</param>
    public static (OutputTable Table, int ScoredRows) Build(
        OutputTable candidates, EventTable events, Func<RankRowFiller> filler, RankerScoringTransformer scorer, PreparedRanker prepared, double[] popularity,
        Func<int, double> userProbability, int topN, Func<int, bool>? includeUser = null, Action<int, int>? progress = null, int blockRows = BlockRows)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(popularity);
        ArgumentNullException.ThrowIfNull(userProbability);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(filler);
        ArgumentNullException.ThrowIfNull(scorer);
        var userIds = candidates.Column<string>("user_id");
        var itemIds = candidates.Column<string>("item_id");
        var factorizeScores = candidates.Column<double>("score");
        var mfScores = candidates.Column<double>("mf_score");
        var sources = candidates.Column<string>("source");
        var because = candidates.Column<string?>("because_items");
        var shares = candidates.Column<string?>("because_shares");
        var calibration = prepared.Calibration;
        var byRanker = calibration.Scorer is not (RankChampion.Mf or RankChampion.Popularity);
        RankRowFiller? rowFiller = null;

        var kept = new List<int>();
        var keptItem = new List<int>();
        var ranks = new List<int>();
        var keptScore = new List<double>();
        var pItem = new List<double>();
        var scored = 0;
        var rowUser = new List<int>();
        var rowItem = new List<int>();
        var rowCandidate = new List<int>();
        var total = candidates.RowCount;
        for (var start = 0; start < total;)
        {
            var end = Math.Min(total, start + Math.Max(1, blockRows));
            while (end < total && userIds[end] == userIds[end - 1])
            {
                end++;
            }

            rowUser.Clear();
            rowItem.Clear();
            rowCandidate.Clear();
            for (var r = start; r < end; r++)
            {
                if (events.Users.TryGetKey(userIds[r], out var user) && events.Items.TryGetKey(itemIds[r], out var item)
                    && (includeUser is null || includeUser(user)))
                {
                    rowUser.Add(user);
                    rowItem.Add(item);
                    rowCandidate.Add(r);
                }
            }

            // The rows are filled a batch at a time into the session's buffer as the transformer scores them; only when
            // the ranker is the champion (otherwise its scores would order nothing and only cost time).
            var scores = byRanker && rowUser.Count > 0
                ? scorer.Score(new RankerCandidateView(scorer.Session.Contract, rowFiller ??= filler(), [.. rowUser], [.. rowItem]),
                    Shifted(progress, start, total))
                : [];

            // The champion's score per row: the ranker's output, the factorize score (the MF score, or for popularity-fallback
            // rows the item's popularity: CandidateExtras names that scorer), or the item's popularity before S.
            var champion = new double[rowUser.Count];
            for (var r = 0; r < champion.Length; r++)
            {
                champion[r] = calibration.Scorer switch
                {
                    RankChampion.Mf => factorizeScores[rowCandidate[r]],
                    RankChampion.Popularity => popularity[rowItem[r]],
                    _ => scores[r],
                };
            }

            // Each user's rows (consecutive) ordered by the champion's score, stable (equal scores keep the factorize order).
            for (var first = 0; first < rowUser.Count;)
            {
                var last = first;
                while (last < rowUser.Count && rowUser[last] == rowUser[first])
                {
                    last++;
                }

                var ranked = RankListWriter.TopOf(first, last, champion, topN);
                var probability = userProbability(rowUser[first]);
                for (var k = 0; k < ranked.Length; k++)
                {
                    var r = ranked[k];
                    kept.Add(rowCandidate[r]);
                    keptItem.Add(rowItem[r]);
                    ranks.Add(k + 1);
                    keptScore.Add(champion[r]);
                    // q ≤ 1 and the slope ≥ 0: p_item never exceeds the user's probability and falls with the rank.
                    pItem.Add(double.IsFinite(probability) ? probability * calibration.Probability(champion[r]) : double.NaN);
                }

                first = last;
            }

            scored += rowUser.Count;
            progress?.Invoke(end, total);
            start = end;
        }

        var rows = kept.ToArray();
        var items = keptItem.ToArray();
        var version = prepared.Version;
        var title = events.ItemTitles();
        var extras = new CandidateExtras(new ColumnRows<string>(sources, rows), new ColumnRows<string?>(because, rows), new ColumnRows<string?>(shares, rows));
        var table = new OutputTable(RankTables.Recommendations,
        [
            new OutputColumn<string>(rows.Length, i => userIds[rows[i]]),
            new OutputColumn<int>([.. ranks]),
            new OutputColumn<string>(rows.Length, i => itemIds[rows[i]]),
            new OutputColumn<double>(rows.Length, i => mfScores.IsNull(rows[i], out var mf) ? double.NaN : mf),
            new OutputColumn<double>([.. keptScore]),
            new OutputColumn<string>(rows.Length, i => extras.ScorerOf(i, calibration.Scorer)),
            new OutputColumn<double>([.. pItem]),
            new OutputColumn<string>(rows.Length, _ => version),
            new OutputColumn<string?>(rows.Length, i => extras.BecauseItems[i]),
            new OutputColumn<string?>(rows.Length, i => extras.BecauseShares[i]),
            new OutputColumn<string?>(rows.Length, i => title(items[i])),
        ]);
        return (table, scored);
    }

    /// <summary>
    /// A block's scoring progress as progress over all candidates. Made here, not in <see cref="Build"/>: a lambda there
    /// would put the caller's progress callback (which holds the stage's context and events) in the closure the
    /// table's columns keep until the publish.
    /// </summary>
    private static Action<int, int>? Shifted(Action<int, int>? progress, int offset, int total) =>
        progress is null ? null : (done, _) => progress(offset + done, total);
}
