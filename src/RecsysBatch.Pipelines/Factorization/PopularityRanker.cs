namespace RecsysBatch.Pipelines.Factorization;

/// <summary>The popularity baseline and fallback: items by summed event weight (ties: smaller key), minus what the user has seen.</summary>
internal sealed class PopularityRanker
{
    private readonly int[] _order;
    private readonly double[] _popularity;

    public PopularityRanker(double[] popularity)
    {
        ArgumentNullException.ThrowIfNull(popularity);
        _popularity = popularity;
        _order = [.. Enumerable.Range(0, popularity.Length).Where(i => popularity[i] > 0).OrderByDescending(i => popularity[i]).ThenBy(i => i)];
    }

    public double Score(int item) => _popularity[item];

    /// <summary>Writes up to k best unseen items into <paramref name="destination"/>; returns how many.</summary>
    public int Top(Interactions seen, int user, int k, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var n = 0;
        foreach (var item in _order)
        {
            if (n == k)
            {
                break;
            }

            if (!seen.Seen(user, item))
            {
                destination[n++] = item;
            }
        }

        return n;
    }
}
