using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The recommendations rows of scored candidates: each user's candidates (consecutive rows, in factorize order)
/// ordered by the champion's score, the top N kept, with p_item = the user's probability × the calibrated share.
/// </summary>
internal static class RankListWriter
{
    /// <param name="score">The champion scorer's score of each candidate row.</param>
    /// <param name="mfScore">Each row's plain MF score; NaN (null) for popularity-fallback rows.</param>
    /// <param name="userProbability">Each row's user probability of doing the label event at all (NaN: unknown → p_item null).</param>
    /// <param name="extras">Each row's candidate source and explanation; null: every row is the champion's and unexplained.</param>
    /// <param name="itemTitles">Each row's item title (null where the item has none); null: no titles.</param>
    public static OutputTable Build(
        string[] userIds, string[] itemIds, double[] mfScore, double[] score, double[] userProbability, ScorerCalibration calibration, int topN, string modelVersion,
        CandidateExtras? extras = null, string?[]? itemTitles = null)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(itemIds);
        ArgumentNullException.ThrowIfNull(mfScore);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(userProbability);
        ArgumentNullException.ThrowIfNull(calibration);
        var kept = new List<int>();
        var ranks = new List<int>();
        var start = 0;
        while (start < userIds.Length)
        {
            var end = start;
            while (end < userIds.Length && userIds[end] == userIds[start])
            {
                end++;
            }

            var ranked = TopOf(start, end, score, topN);
            for (var k = 0; k < ranked.Length; k++)
            {
                kept.Add(ranked[k]);
                ranks.Add(k + 1);
            }

            start = end;
        }

        // q ≤ 1 and the slope ≥ 0: p_item never exceeds the user's probability and falls with the rank.
        var pItem = kept.Select(r => double.IsFinite(userProbability[r]) ? userProbability[r] * calibration.Probability(score[r]) : double.NaN).ToArray();
        return new OutputTable(RankTables.Recommendations,
        [
            new OutputColumn<string>([.. kept.Select(r => userIds[r])]),
            new OutputColumn<int>([.. ranks]),
            new OutputColumn<string>([.. kept.Select(r => itemIds[r])]),
            new OutputColumn<double>([.. kept.Select(r => mfScore[r])]),
            new OutputColumn<double>([.. kept.Select(r => score[r])]),
            new OutputColumn<string>([.. kept.Select(r => extras?.ScorerOf(r, calibration.Scorer) ?? calibration.Scorer)]),
            new OutputColumn<double>(pItem),
            new OutputColumn<string>([.. kept.Select(_ => modelVersion)]),
            new OutputColumn<string?>([.. kept.Select(r => extras?.BecauseItems[r])]),
            new OutputColumn<string?>([.. kept.Select(r => extras?.BecauseShares[r])]),
            new OutputColumn<string?>([.. kept.Select(r => itemTitles?[r])]),
        ]);
    }

    /// <summary>Rows [<paramref name="start"/>, <paramref name="end"/>) by score, best first, the first <paramref name="topN"/>; stable: equal scores keep the factorize order.</summary>
    public static int[] TopOf(int start, int end, double[] score, int topN) =>
        [.. Enumerable.Range(start, end - start).OrderByDescending(r => score[r]).Take(topN)];
}
