namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The "category popularity" baseline: unseen items of the user's categories scored by the user's decayed share of
/// the category × the item's decayed popularity (<see cref="CategoryProfile"/>), then global popularity to fill up
/// to K. It shows how much of a category-aware model's gain needs no model at all.
/// </summary>
internal sealed class CategoryPopularityRanker
{
    private readonly CategoryProfile _profile;
    private readonly Dictionary<int, int[]> _byCategory;
    private readonly PopularityRanker _fallback;
    private readonly List<(int Item, double Score)> _scored = [];

    public CategoryPopularityRanker(CategoryProfile profile, Interactions train)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(train);
        _profile = profile;
        var popularity = profile.RecentPopularity;
        _byCategory = Enumerable.Range(0, popularity.Length)
            .Where(i => popularity[i] > 0 && profile.Category(i) >= 0)
            .GroupBy(profile.Category)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => popularity[i]).ThenBy(i => i).ToArray());
        _fallback = new PopularityRanker(train.Popularity);
    }

    /// <summary>Writes up to k items into <paramref name="destination"/>; returns how many. Not thread-safe.</summary>
    public int Top(Interactions seen, int user, int k, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(seen);
        _scored.Clear();
        foreach (var c in _profile.CategoriesOf(user))
        {
            var share = _profile.Share(user, c);
            var taken = 0;
            foreach (var i in _byCategory.GetValueOrDefault(c) ?? [])
            {
                if (taken == k)
                {
                    break;
                }

                if (!seen.Seen(user, i))
                {
                    _scored.Add((i, share * _profile.RecentPopularity[i]));
                    taken++;
                }
            }
        }

        _scored.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        var n = 0;
        foreach (var (item, _) in _scored)
        {
            if (n == k)
            {
                break;
            }

            destination[n++] = item;
        }

        if (n < k)
        {
            Span<int> extra = stackalloc int[k];
            var m = _fallback.Top(seen, user, k, extra);
            for (var j = 0; j < m && n < k; j++)
            {
                if (!destination[..n].Contains(extra[j]))
                {
                    destination[n++] = extra[j];
                }
            }
        }

        return n;
    }
}
