namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Re-ranks a user's MF candidate pool by score = (mf − min) / (max − min) over the pool + β × the user's decayed
/// share of the item's category (<see cref="CategoryProfile"/>), ties to the smaller item key. β = 0 keeps the MF order.
/// </summary>
internal static class CategoryBoostRanker
{
    /// <summary>Writes up to k items and their combined scores, best first; returns how many.</summary>
    public static int Top(
        ReadOnlySpan<int> pool, ReadOnlySpan<float> poolScores, int user, CategoryProfile profile, double beta, int k, Span<int> items, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (pool.Length == 0)
        {
            return 0;
        }

        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var s in poolScores)
        {
            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }

        var range = max > min ? max - min : 1;
        var ranked = new (int Item, double Score)[pool.Length];
        for (var j = 0; j < pool.Length; j++)
        {
            ranked[j] = (pool[j], ((poolScores[j] - min) / range) + (beta * profile.ItemShare(user, pool[j])));
        }

        Array.Sort(ranked, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        var n = Math.Min(k, ranked.Length);
        for (var j = 0; j < n; j++)
        {
            items[j] = ranked[j].Item;
            scores[j] = ranked[j].Score;
        }

        return n;
    }
}
