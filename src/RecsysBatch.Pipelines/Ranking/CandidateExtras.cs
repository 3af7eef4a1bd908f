namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Per candidate row, what the factorize stage knew beyond the score: its source (mf, mf_category, popular) and the
/// seen items that explain its MF score (candidates.because_items / because_shares, null for popular rows).
/// </summary>
internal sealed record CandidateExtras(IReadOnlyList<string> Source, IReadOnlyList<string?> BecauseItems, IReadOnlyList<string?> BecauseShares)
{
    public const string PopularSource = "popular";

    /// <summary>
    /// Which scorer's score row <paramref name="row"/> carries: the champion's, except that the MF champion's score of a
    /// popularity-fallback row is the item's popularity (those users have no MF score).
    /// </summary>
    public string ScorerOf(int row, string champion) =>
        champion == RankChampion.Mf && Source[row] == PopularSource ? RankChampion.Popularity : champion;
}
